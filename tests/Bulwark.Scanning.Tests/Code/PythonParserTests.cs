using Bulwark.Scanning.Code.Python;

namespace Bulwark.Scanning.Tests.Code;

public sealed class PythonParserTests
{
    private static PythonModule Parse(string source)
    {
        var module = PythonParser.Parse(source);
        return module;
    }

    private static void ParsesCleanly(string source)
    {
        var module = Parse(source);
        module.Errors.Select(e => $"{module.Position(e.Offset)}: {e.Message}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("x = f'{a!r:>{width}} {b=} {c:%Y-%m-%d}'\n")]
    [InlineData("x = f\"{d[\"key\"]} {f'{1+1}'}\"\n")]
    [InlineData("x = f'''{\n  a # comment\n  + b}'''\n")]
    [InlineData("if (n := len(a)) > 10:\n    pass\n")]
    [InlineData("@decorator\n@a.b(c)[0]\nasync def f[T: int, *Ts, **P](x: int, /, y=1, *args: *Ts, z, **kw) -> list[T]:\n    await g()\n    async for i in y:\n        yield i\n    async with a as b, c:\n        pass\n")]
    [InlineData("match command.split():\n    case [\"go\", direction] if direction:\n        pass\n    case {\"x\": 1, **rest}:\n        pass\n    case Point(x=0, y=0) | Point(1, 2) as p:\n        pass\n    case -1 | 1+2j | None | a.b.c:\n        pass\n    case (*_, last):\n        pass\n    case _:\n        pass\n")]
    [InlineData("match = 1\nmatch.x = 2\nprint(match)\n")]
    [InlineData("type Point[T = int] = tuple[T, T]\ntype = 3\n")]
    [InlineData("class C[T](Base, metaclass=M):\n    x: int = 1\n    def m(self): return lambda a, *b, c=1, **d: (a, b)\n")]
    [InlineData("with (open(a) as f, open(b) as g,):\n    pass\nwith (a, b):\n    pass\n")]
    [InlineData("try:\n    pass\nexcept* ValueError as e:\n    pass\nfinally:\n    pass\n")]
    [InlineData("x = [y for a in b if a for y in a]\nd = {k: v for k, v in z}\ns = {*a, *b}\ng = (i async for i in x)\n")]
    [InlineData("a[1:2, ::3, *idx] = b\nx = a if b else c\nprint(*args, **{'sep': ''})\n")]
    [InlineData("x = 1_000 + 0x_FF + 1e-5 + 1.5j + .5 + 1. + 0o17 + 0b1\n")]
    [InlineData("def f():\n    return 1; x = 2\nfor x, *y in z: continue\nelse: pass\n")]
    [InlineData("s = rb'\\d' b\"x\" \nt = '''a\n'b'\n''' \"c\"\nu = 'a\\\n b'\n")]
    [InlineData("if x:\n\tpass\nelif y:\n        pass\nelse:\n  pass\n")]
    [InlineData("x = (yield)\ny = yield from z\nglobal a, b\nnonlocal c\ndel a[0], b\nassert x, 'm'\nraise E from e\n")]
    [InlineData("from . import a\nfrom ..b.c import (d as e, f,)\nimport a.b.c as d, e\nfrom x import *\n")]
    [InlineData("x = not a is not b not in c < d <= e\ny = -x ** -2 @ m // 3 >> 1 | 2 & ~3 ^ 4\n")]
    [InlineData("def f(): ...\nx = ...\nprint(x, end='')\n")]
    public void Parses_modern_syntax(string source) => ParsesCleanly(source);

    [Fact]
    public void Syntax_error_is_reported_with_position_and_parsing_resumes_at_the_next_statement()
    {
        var module = Parse("import os\nx = (1 +\ny = 2\ndef f(:\n    pass\nz = 3\n");
        module.Errors.ShouldNotBeEmpty();
        module.Position(module.Errors[0].Offset).Line.ShouldBeInRange(2, 3);
        module.Body.OfType<AssignStmt>().Select(a => (a.Targets[0] as NameExpr)?.Id).ShouldContain("z");
        module.Body.OfType<ImportStmt>().ShouldHaveSingleItem();
    }

    [Fact]
    public void Error_inside_a_function_body_keeps_the_rest_of_the_body()
    {
        var module = Parse("def f():\n    a = )\n    b = 2\n\nc = 3\n");
        module.Errors.Count.ShouldBe(1);
        var function = module.Body.OfType<FunctionDef>().Single();
        function.Body.OfType<AssignStmt>().ShouldHaveSingleItem();
        module.Body.OfType<AssignStmt>().ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("print \"hello\"\n")]
    [InlineData("try:\n    pass\nexcept ValueError, e:\n    pass\n")]
    [InlineData("if a <> b:\n    pass\n")]
    public void Python_2_source_is_recognised(string source)
    {
        var module = Parse(source);
        module.Errors.ShouldNotBeEmpty();
        module.Python2Offset.ShouldNotBeNull();
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_stack_overflow()
    {
        var deep = "x = " + new string('(', 100_000) + "1" + new string(')', 100_000) + "\ny = [" + string.Concat(Enumerable.Repeat("-", 50_000)) + "1]\nz = 2\n";
        var module = Parse(deep);
        module.Errors.ShouldContain(e => e.Message.Contains("nesting"));
        module.Body.OfType<AssignStmt>().Select(a => (a.Targets[0] as NameExpr)?.Id).ShouldContain("z");
    }

    [Fact]
    public void Deeply_nested_blocks_and_fstrings_are_bounded()
    {
        var blocks = string.Concat(Enumerable.Range(0, 500).Select(i => new string(' ', i) + "if x:\n")) + new string(' ', 500) + "pass\n";
        Parse(blocks).Errors.ShouldContain(e => e.Message.Contains("nesting"));
        var fstrings = "x = " + string.Concat(Enumerable.Repeat("f'{", 300)) + "1" + string.Concat(Enumerable.Repeat("}'", 300)) + "\n";
        Parse(fstrings).Errors.ShouldNotBeEmpty();
    }

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        var module = Parse("import os\n\nif True:\n    value = os.system(cmd)\n");
        var assign = module.Body.OfType<IfStmt>().Single().Body.OfType<AssignStmt>().Single();
        module.Position(assign.Value.Offset).ShouldBe((4, 13));
    }

    [Fact]
    public void Fstring_fields_are_parsed_into_expressions()
    {
        var module = Parse("q = f\"SELECT * FROM t WHERE id = {user['id']!r} AND {n:>{w}}\"\n");
        var fstring = module.Body.OfType<AssignStmt>().Single().Value.ShouldBeOfType<FStringExpr>();
        fstring.Values.Count.ShouldBe(3);
        fstring.Values[0].ShouldBeOfType<SubscriptExpr>();
        fstring.Literal.ShouldStartWith("SELECT * FROM t WHERE id = ");
    }

    [Fact]
    public void Unterminated_strings_and_stray_characters_are_errors_not_crashes()
    {
        var module = Parse("x = 'abc\ny = 1 $ 2\nz = \"\"\"never closed\n");
        module.Errors.Count.ShouldBeGreaterThanOrEqualTo(2);
    }
}
