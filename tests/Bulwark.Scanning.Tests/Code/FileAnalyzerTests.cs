using Bulwark.Scanning.Code.Analysis;
using Bulwark.Scanning.Code.Python;

namespace Bulwark.Scanning.Tests.Code;

/// <summary>Name resolution and data flow through the real parser and analyser.</summary>
public sealed class FileAnalyzerTests
{
    private static List<string> Rules(string source)
    {
        var module = PythonParser.Parse(source);
        module.Errors.ShouldBeEmpty();
        return [.. FileAnalyzer.Analyze(module, CodeRuleIndex.Default).Select(m => m.Rule.Id)];
    }

    [Theory]
    [InlineData("import torch\nloader = torch.load\nloader(p)\n")]
    [InlineData("import torch as T\nT.load(p)\n")]
    [InlineData("def f():\n    return torch.load(p)\nimport torch\n")]
    [InlineData("from torch import *\nimport torch.serialization\nimport torch\ntorch.load(p, weights_only=None)\n")]
    public void Callee_names_resolve_through_imports_aliases_and_assignments(string source) =>
        Rules(source).ShouldContain("unsafe-deserialization-torch-load");

    [Fact]
    public void A_local_function_shadows_the_builtin()
    {
        Rules("def eval(x):\n    return x\ndef h(q):\n    return eval(input())\n").ShouldBeEmpty();
        Rules("def h(q):\n    return eval(input())\n").ShouldContain("code-injection-eval-exec");
    }

    [Fact]
    public void Test_decorators_do_not_make_route_handlers()
    {
        const string source = "from unittest import mock\nimport os\n@mock.patch('os.getcwd')\ndef test_it(cwd):\n    os.system(cwd)\n";
        Rules(source).ShouldBeEmpty();
        Rules(source.Replace("@mock.patch('os.getcwd')", "@app.post('/run')", StringComparison.Ordinal)).ShouldContain("code-injection-os-command");
    }

    [Fact]
    public void Gradio_handlers_registered_after_their_definition_get_tainted_parameters()
    {
        const string source = "import gradio as gr\nimport subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\ndemo = gr.Interface(fn=run, inputs='text', outputs='text')\n";
        Rules(source).ShouldContain("code-injection-shell-command");
    }

    [Fact]
    public void Taint_flows_through_walrus_comprehensions_format_and_percent()
    {
        Rules("import os\nif (c := input()):\n    os.system(c)\n").ShouldContain("code-injection-os-command");
        Rules("import os\ncmds = [x.strip() for x in input().split(';')]\nos.system(cmds[0])\n").ShouldContain("code-injection-os-command");
        Rules("import os\nos.system('ls {}'.format(input()))\n").ShouldContain("code-injection-os-command");
        Rules("import os\nos.system('ls %s' % input())\n").ShouldContain("code-injection-os-command");
        Rules("import os, shlex\nos.system('ls %s' % shlex.quote(input()))\n").ShouldBeEmpty();
    }

    [Fact]
    public void Keyword_arguments_resolve_through_dict_literals_names_and_dict_calls()
    {
        Rules("from transformers import AutoModel\nAutoModel.from_pretrained(n, **dict(trust_remote_code=True))\n").ShouldContain("remote-code-trust-remote-code");
        Rules("from transformers import AutoModel\nAutoModel.from_pretrained(n, **{'trust_remote_code': True})\n").ShouldContain("remote-code-trust-remote-code");
        // Unknowable **kwargs: no guess either way.
        Rules("import torch\ndef f(p, **kw):\n    return torch.load(p, **kw)\n").ShouldBeEmpty();
    }
}
