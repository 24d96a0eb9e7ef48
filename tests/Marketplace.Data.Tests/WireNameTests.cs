using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Data.Model;

namespace Marketplace.Data.Tests;

public sealed class WireNameTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) } };

    [Theory]
    [InlineData(StepStatus.TimedOut, "timed_out")]
    [InlineData(StepStatus.WaitingForApproval, "waiting_for_approval")]
    [InlineData(ArtifactType.McpServer, "mcp_server")]
    [InlineData(ExecutionStatus.Completed, "completed")]
    public void Of_AnEnumValue_IsItsSnakeCaseName(Enum value, string expected)
    {
        var name = value switch
        {
            StepStatus s => WireName.Of(s),
            ArtifactType t => WireName.Of(t),
            ExecutionStatus e => WireName.Of(e),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        Assert.Equal(expected, name);
    }

    [Fact]
    public void Of_EveryValueOfEveryModelEnum_EqualsWhatTheApiJsonWrites()
    {
        var enums = typeof(MarketplaceDbContext).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic && t.Namespace == "Marketplace.Data.Model");
        foreach (var type in enums)
        {
            var of = typeof(WireName).GetMethod(nameof(WireName.Of))!.MakeGenericMethod(type);
            foreach (var value in Enum.GetValues(type))
            {
                Assert.Equal(JsonSerializer.Serialize(value, type, Json), $"\"{of.Invoke(null, [value])}\"");
            }
        }
    }

    [Theory]
    [InlineData("timed_out", true)]
    [InlineData("TIMED_OUT", true)]
    [InlineData("timedout", false)]
    [InlineData("6", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParse_Text_AcceptsOnlyWireNames(string? text, bool accepted)
    {
        Assert.Equal(accepted, WireName.TryParse<StepStatus>(text, out var value));
        Assert.Equal(accepted ? StepStatus.TimedOut : default, value);
    }

    [Fact]
    public void Key_McpServer_UsesTheWireName() => Assert.Equal("mcp_server:fs@acme", ArtifactIdentity.Key(ArtifactType.McpServer, null, "fs", "acme"));

    [Theory]
    [InlineData(ArtifactType.Command, "git-toolkit", "squash", "command:git-toolkit:squash@acme")]
    [InlineData(ArtifactType.Plugin, "ignored", "git-toolkit", "plugin:git-toolkit@acme")]
    [InlineData(ArtifactType.Skill, null, "csv-cleaner", "skill:csv-cleaner@acme")]
    public void Key_ByKind_IsQualifiedByPluginAndNamespace(ArtifactType type, string? plugin, string name, string key) =>
        Assert.Equal(key, ArtifactIdentity.Key(type, plugin, name, "acme"));

    [Theory]
    [InlineData("Acme Tools: Git/CI @ home", "Acme-Tools-Git-CI-home")]
    [InlineData("::@@", "source")]
    [InlineData("plain", "plain")]
    public void Qualifier_UnsafeSeparators_BecomeDashes(string text, string expected) => Assert.Equal(expected, ArtifactIdentity.Qualifier(text));
}
