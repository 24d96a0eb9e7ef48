using Marketplace.Data;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Handlers;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Tests;

public sealed class WorkflowParserTests
{
    private static readonly WorkflowParser Parser = new(new StageHandlerRegistry(
        [new GateStageHandler(), new DelayStageHandler(TimeProvider.System), new ImportStageHandler(null!)]), Options.Create(new WorkflowLimits()));

    /// <summary>The example document of DESIGN §6, as shipped in <c>samples/workflows</c> and shown in the README.</summary>
    public static readonly string DesignExample = File.ReadAllText(Path.Combine(
        AppContext.BaseDirectory, "..", "..", "..", "..", "..", "samples", "workflows", "import-and-review.yaml"));

    [Fact]
    public void Parse_DesignExample_ReadsEveryField()
    {
        var definition = Parser.Parse(DesignExample);

        Assert.Equal(("import-and-review", "Import and review", "1.0.0"), (definition.Id, definition.Name, definition.Version));
        Assert.True(definition.Parameters["sourceId"].Required);
        var import = definition.Stage("import");
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30)), import.ErrorPolicy.Retry);
        Assert.Equal((FailureAction.Halt, TimeSpan.FromMinutes(10)), (import.ErrorPolicy.OnFailure, import.ErrorPolicy.Timeout));
        Assert.Equal(new GateDefinition("manual_approval", TimeSpan.FromHours(24), GateTimeoutAction.Reject), definition.Stage("review").Gate);
        Assert.Equal("skip", import.Inputs["conflictStrategy"]!.GetValue<string>());
        Assert.Equal([["import"], ["review"], ["settle"]], definition.Levels().Select(l => l.ToArray()).ToArray());
    }

    [Fact]
    public void Parse_Dag_OrdersStagesByLevel()
    {
        var definition = Parser.Parse(Stages("""
            - { id: d, type: delay, depends_on: [b, c], inputs: { duration: 1ms } }
            - { id: b, type: delay, depends_on: [a], inputs: { duration: 1ms } }
            - { id: a, type: delay, inputs: { duration: 1ms } }
            - { id: c, type: delay, depends_on: [a], inputs: { duration: 1ms } }
            - { id: e, type: delay, inputs: { duration: 1ms } }
            """));

        Assert.Equal([["a", "e"], ["b", "c"], ["d"]], definition.Levels().Select(l => l.Order(StringComparer.Ordinal).ToArray()).ToArray());
    }

    [Theory]
    [InlineData("- { id: a, type: nope }", "stages[0].type", "Unknown stage type 'nope'")]
    [InlineData("- { type: delay, inputs: { duration: 1s } }", "stages[0].id", "'id' is required")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s } }\n- { id: a, type: delay, inputs: { duration: 1s } }", "stages[1].id", "used more than once")]
    [InlineData("- { id: a, type: delay, depends_on: [zz], inputs: { duration: 1s } }", "stages[0].depends_on[0]", "No stage has the id 'zz'")]
    [InlineData("- { id: a, type: delay, depends_on: [a], inputs: { duration: 1s } }", "stages[0].depends_on[0]", "cannot depend on itself")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, error_policy: { timeout: soon } }", "stages[0].error_policy.timeout", "not a duration")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, error_policy: { retry: { max_attempts: 0 } } }", "stages[0].error_policy.retry.max_attempts", "from 1 to 100")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, error_policy: { on_failure: explode } }", "stages[0].error_policy.on_failure", "Unknown on_failure")]
    [InlineData("- { id: a, type: delay }", "stages[0].inputs.duration", "requires the input 'duration'")]
    [InlineData("- { id: a, type: delay, inputs: { duration: '${{ parameters.missing }}' } }", "stages[0].inputs.duration", "not declared")]
    [InlineData("- { id: a, type: delay, inputs: { duration: '${{ stages.b.outputs.x }}' } }\n- { id: b, type: delay, inputs: { duration: 1s } }", "stages[0].inputs.duration", "does not depend on")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, condition: 'yes' }", "stages[0].condition", "one expression")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, depend_on: [b] }", "stages[0].depend_on", "Unknown field 'depend_on'")]
    [InlineData("- { id: a, type: delay, inputs: { duration: 1s }, gate: { timeout: 1h } }", "stages[0].gate", "Only stages of type 'gate'")]
    [InlineData("- { id: a, type: gate, gate: { timeout: 1h, on_timeout: shrug } }", "stages[0].gate.on_timeout", "Unknown on_timeout")]
    public void Parse_InvalidStage_NamesTheFieldPath(string stages, string path, string message)
    {
        var error = Assert.Throws<RequestValidationException>(() => Parser.Parse(Stages(stages)));

        Assert.Contains(path, error.Errors.Keys);
        Assert.Contains(error.Errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-12", "-12")]
    [InlineData("1.5e3", "1.5e3")]
    [InlineData("00", "\"00\"")] // not JSON's shape of a number: once a JsonReaderException, a 500
    [InlineData("007", "\"007\"")]
    [InlineData("-01.5", "\"-01.5\"")]
    [InlineData("1234567890123456789", "\"1234567890123456789\"")]
    [InlineData("'12'", "\"12\"")]
    [InlineData("true", "true")]
    [InlineData("~", "null")]
    public void Parse_PlainScalarInput_BecomesJsonOnlyWhenItIsJsonsShape(string yaml, string json)
    {
        var definition = Parser.Parse(Stages($"- {{ id: a, type: delay, inputs: {{ duration: 1ms, x: {yaml} }} }}"));

        Assert.Equal(json, definition.Stage("a").Inputs["x"]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Parse_Cycle_NamesTheStagesOnIt()
    {
        var error = Assert.Throws<RequestValidationException>(() => Parser.Parse(Stages("""
            - { id: a, type: delay, inputs: { duration: 1s } }
            - { id: b, type: delay, depends_on: [a, d], inputs: { duration: 1s } }
            - { id: c, type: delay, depends_on: [b], inputs: { duration: 1s } }
            - { id: d, type: delay, depends_on: [c], inputs: { duration: 1s } }
            """)));

        var (path, messages) = Assert.Single(error.Errors);
        Assert.Matches(@"^stages\[[123]\]\.depends_on$", path);
        Assert.Contains("cycle", messages[0], StringComparison.Ordinal);
        Assert.All(["b", "c", "d"], id => Assert.Contains(id, messages[0], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "yaml", "required")]
    [InlineData("stages: [ {", "yaml", "Not valid YAML at line")]
    [InlineData("- just\n- a list", "yaml", "top level is a mapping")]
    [InlineData(": {\ns", "yaml", "Not valid YAML")] // YamlDotNet 18.1 throws InvalidOperationException on it: once a 500
    [InlineData("a: &x [ 1, *x ]", "yaml", "names no complete anchored node")] // a cycle in the model: once a stack overflow
    [InlineData("stages: []", "workflow", "'workflow' is required")]
    [InlineData("workflow: { id: Bad Id, name: n, version: 1 }\nstages: [ { id: a, type: gate } ]", "workflow.id", "lowercase")]
    [InlineData("workflow: { id: w, name: n, version: 1 }\nconfig: { parameters: { p: { type: date } } }\nstages: [ { id: a, type: gate } ]", "config.parameters.p.type", "Unknown parameter type")]
    [InlineData("workflow: { id: w, name: n, version: 1 }\nconfig: { parameters: { p: { type: integer, default: x } } }\nstages: [ { id: a, type: gate } ]", "config.parameters.p.default", "not a integer")]
    [InlineData("workflow: { id: w, name: n, version: 1 }\nstages: []", "stages", "At least one stage")]
    public void Parse_InvalidDocument_NamesTheFieldPath(string yaml, string path, string message)
    {
        var error = Assert.Throws<RequestValidationException>(() => Parser.Parse(yaml));

        Assert.Contains(path, error.Errors.Keys);
        Assert.Contains(error.Errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsThemAllAtOnce()
    {
        var error = Assert.Throws<RequestValidationException>(() => Parser.Parse(Stages("""
            - { id: a, type: nope }
            - { id: b, type: delay, inputs: { duration: 1s }, error_policy: { timeout: 0s } }
            """)));

        Assert.Contains("stages[0].type", error.Errors.Keys);
        Assert.Contains("stages[1].error_policy.timeout", error.Errors.Keys);
    }

    private static string Stages(string stages) =>
        "workflow: { id: w, name: W, version: 1.0.0 }\nstages:\n" + string.Join('\n', stages.Split('\n').Select(l => "  " + l));
}
