using System.Text.Json.Nodes;

namespace Marketplace.Catalog.Sources.Manifests;

/// <summary>
/// A plugin the manifest lists from another repository, written as one line: <c>github:owner/repo@ref#sha</c>,
/// <c>git:https://host/repo.git@ref</c>, <c>git:https://host/repo.git//path@ref</c> (a subfolder), <c>npm:package@version</c>.
/// Such plugins are listed but not fetched: importing one fails with <see cref="ImportProblem"/> (register its repository as
/// a source of its own, with its own trust level and limits, to import it).
/// </summary>
internal static class RemoteSources
{
    public static string Describe(JsonObject source)
    {
        var kind = SourceJson.Text(source, "source") ?? "unknown";
        var at = SourceJson.Text(source, "ref") is { } r ? "@" + r : "";
        var sha = SourceJson.Text(source, "sha") is { } s ? "#" + s : "";
        var text = kind switch
        {
            "github" => $"github:{SourceJson.Text(source, "repo")}{at}{sha}",
            "url" => $"git:{SourceJson.Text(source, "url")}{at}{sha}",
            "git-subdir" => $"git:{SourceJson.Text(source, "url")}//{SourceJson.Text(source, "path")}{at}{sha}",
            "npm" => $"npm:{SourceJson.Text(source, "package")}@{SourceJson.Text(source, "version") ?? "latest"}",
            _ => $"{kind}:{SourceJson.Text(source, "url") ?? SourceJson.Text(source, "repo") ?? SourceJson.Text(source, "package")}",
        };
        return text.Length > 1000 ? text[..1000] : text;
    }

    public static string ImportProblem(string remote) =>
        $"The plugin lives in another repository ({remote}); register that repository as a source to import it.";
}
