using System.Text;
using Bulwark.Scanning.Code.Notebooks;

namespace Bulwark.Scanning.Tests.Code;

public sealed class NotebookCodeTests
{
    private static NotebookCode Read(string json) => NotebookCode.Read(Encoding.UTF8.GetBytes(json), 64);

    [Fact]
    public void Code_cells_map_to_their_cell_index_and_json_line()
    {
        var code = Read("""
            {
             "cells": [
              {"cell_type": "markdown", "source": ["# title\n"]},
              {"cell_type": "code", "metadata": {}, "outputs": [],
               "source": [
                "import torch\n",
                "x = torch.load(p)"
               ]},
              {"source": "a = 1\nb = 2", "cell_type": "code"}
             ],
             "nbformat": 4
            }
            """);
        code.Text.ShouldBe("import torch\nx = torch.load(p)\na = 1\nb = 2\n");
        code.Locate(1).ShouldBe(new CellLine(1, 6));
        code.Locate(2).ShouldBe(new CellLine(1, 7));
        code.Locate(3).ShouldBe(new CellLine(2, 9));
        code.Locate(4).ShouldBe(new CellLine(2, 9));
    }

    [Fact]
    public void IPython_magics_and_shell_lines_are_blanked_and_other_language_cells_dropped()
    {
        var code = Read("""
            {"cells": [
              {"cell_type": "code", "source": ["!pip install torch\n", "%matplotlib inline\n", "if x:\n", "    !ls\n", "df.head?"]},
              {"cell_type": "code", "source": ["%%bash\n", "exec \"$@\"\n"]},
              {"cell_type": "code", "source": ["%%time\n", "y = 2\n"]}
            ]}
            """);
        code.Text.ShouldBe("pass\npass\nif x:\n    pass\npass\n\ny = 2\n");
        code.Locate(7).Cell.ShouldBe(2);
    }

    [Fact]
    public void Invalid_json_is_an_error_with_a_position()
    {
        var error = Should.Throw<System.Text.Json.JsonException>(() => Read("{\"cells\": [ {\"cell_type\": \"code\", \"source\": [\"x\" "));
        error.LineNumber.ShouldNotBeNull();
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Should.Throw<System.Text.Json.JsonException>(() => Read($"{{\"cells\": {deep}}}"));
    }
}
