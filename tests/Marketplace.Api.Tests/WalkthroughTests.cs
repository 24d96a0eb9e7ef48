using System.Net.ServerSentEvents;
using System.Text;
using Marketplace.Api.Tests.Contract;
using Marketplace.Api.Tests.Generated;
using Marketplace.Tests.Shared;

namespace Marketplace.Api.Tests;

/// <summary>
/// The README walkthrough through the NSwag client generated from the OpenAPI document: register, scan, list, import
/// three ways, read the collection, then the sample workflow with its gate, its event stream resumed with
/// Last-Event-ID, and 204 past the end. Every response is checked against the document's schemas on the way.
/// </summary>
public sealed class WalkthroughTests
{
    private const string Events = "/api/v1/workflow-executions/{executionId}/events";
    private const string ImportEvents = "/api/v1/imports/{importId}/events";
    private static readonly Guid DefaultCollection = Guid.Parse("00000000-0000-0000-0000-000000000001");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GeneratedClient_ReadmeWalkthrough_RunsEndToEndAndEveryResponseMatchesTheDocument()
    {
        await using var factory = new MarketplaceApiFactory();
        var contract = await OpenApiContract.LoadAsync(factory.CreateClient(), Ct);
        var checking = new ContractCheckingHandler(contract);
        using var http = factory.CreateDefaultClient(checking);
        var api = new MarketplaceApiClient(http);

        // 1-2. The sample marketplace made a git repository (as the README's commands do), registered by its file:// URL
        // and scanned (a job, waited for): what its manifest publishes.
        var repo = GitRepository.Create(Path.Combine(factory.SourcesFolder, "acme-tools"), Samples.Marketplace("acme-tools"));
        var source = await api.RegisterSourceAsync(new RegisterSourceRequest { RepoUrl = repo.Url }, Ct);
        var scan = await UntilAsync(await api.ScanSourceAsync(source.Id, "wait=30", Ct), s => api.GetScanAsync(s.Id, Ct), s => s.Status != "pending" && s.Status != "running");
        Assert.Equal(("completed", 17, repo.Head()), (scan.Status, scan.Result!.Total, scan.Result.Commit));

        // 3. The catalog, filtered and paged.
        var skills = await api.ListCatalogAsync(source.Id, limit: 20, type: "skill", cancellationToken: Ct);
        Assert.NotEmpty(skills.Items);
        Assert.All(skills.Items, e => Assert.Equal(ArtifactType.Skill, e.ArtifactType));

        // 4-5. Import every skill and command, then the same again: skip reports them skipped, overwrite updates.
        var all = (await api.ListCatalogAsync(source.Id, limit: 100, cancellationToken: Ct)).Items;
        var ids = all.Where(e => e.ArtifactType is ArtifactType.Skill or ArtifactType.Command).Select(e => e.Id).ToList();
        // The first answers at once (202, the job pending); its event stream follows it to job_finished.
        var started = await api.ImportEntriesAsync(source.Id, new ImportRequestBody { EntryIds = ids, ConflictStrategy = "skip", BatchSize = 5 }, cancellationToken: Ct);
        var stream = await ReadEventsAsync(contract, ImportEvents, () => api.StreamImportEventsAsync(started.Id, null, Ct), until: "job_finished");
        Assert.Equal(["job_created", "job_started"], stream.Take(2).Select(e => e.Type));
        Assert.Equal((ids.Count + 4) / 5, stream.Count(e => e.Type == "batch_committed"));
        var first = await api.GetImportAsync(started.Id, Ct);
        Assert.Equal(("completed", ids.Count), (first.Status, first.Imported));
        var again = await ImportAsync(api, source.Id, new ImportRequestBody { EntryIds = ids, ConflictStrategy = "skip" });
        Assert.Equal(ids.Count, again.Skipped);
        Assert.Equal("completed", (await ImportAsync(api, source.Id, new ImportRequestBody { EntryIds = ids, ConflictStrategy = "overwrite" })).Status);

        // 6. The plugin brings its children along.
        var plugin = all.Single(e => e.Key == "plugin:git-toolkit@acme-tools");
        await ImportAsync(api, source.Id, new ImportRequestBody { EntryIds = [plugin.Id], ConflictStrategy = "rename" });
        var artifact = await api.GetArtifactAsync(plugin.Key, Ct);
        Assert.NotEmpty(artifact.Members);
        Assert.NotEmpty(artifact.Files);

        // 6b. A selection instead of ids: the code-review plugin with its components; it comes out whole, as a zip.
        var selected = await ImportAsync(api, source.Id,
            new ImportRequestBody { Selection = new ImportSelection { Plugin = "code-review" }, ConflictStrategy = "skip" });
        Assert.Equal("completed", selected.Status);
        var files = await api.ListArtifactFilesAsync("plugin:code-review@acme-tools", Ct);
        Assert.Contains(files.Files, f => f.Path == "hooks-handlers/lint.sh");
        using (var zip = await api.GetArtifactArchiveAsync("plugin:code-review@acme-tools", Ct))
        using (var archive = new System.IO.Compression.ZipArchive(zip.Stream))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "code-review/.claude-plugin/plugin.json");
        }

        // 7. What was imported, and an import's result at any time.
        var collection = await api.ListCollectionArtifactsAsync(DefaultCollection, limit: 50, cancellationToken: Ct);
        Assert.Contains(collection.Items, a => a.Key == plugin.Key);
        Assert.Equal(first.Imported, (await api.GetImportAsync(first.Id, Ct)).Imported);
        var imports = await api.ListImportsAsync(limit: 10, sourceId: source.Id, cancellationToken: Ct);
        Assert.Equal((5, first.Id), (imports.Total, imports.Items.Last().Id)); // newest first

        // 8. Cancelling a finished import is a conflict.
        Assert.Equal(409, (await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => api.CancelImportAsync(first.Id, Ct))).StatusCode);

        await RunTheSampleWorkflowAsync(api, contract, source.Id, [.. skills.Items.Select(e => e.Id)]);

        Assert.Empty(checking.Failures);
        Assert.True(checking.Checked >= 18, $"only {checking.Checked} responses went through the checks");
    }

    /// <summary>The workflow part: start, read the stream up to the gate, approve, resume after the last id, 204 past the end.</summary>
    private static async Task RunTheSampleWorkflowAsync(MarketplaceApiClient api, OpenApiContract contract, Guid sourceId, List<Guid> skills)
    {
        var workflow = await api.CreateWorkflowAsync(new WorkflowRequest { Yaml = await File.ReadAllTextAsync(Samples.Workflow, Ct) }, Ct);
        var parameters = new JsonObject { ["sourceId"] = sourceId.ToString(), ["entryIds"] = skills.Select(id => id.ToString()).ToList() };
        var execution = await api.StartExecutionAsync(new StartExecutionRequest { WorkflowId = workflow.Id, Parameters = parameters }, Ct);

        // Live: read until the gate waits, then drop the connection (the stream itself does not end at a gate).
        var live = await ReadEventsAsync(api, contract, execution.Id, lastEventId: null, until: "gate_waiting");
        Assert.Equal(["execution_created", "execution_started"], live.Take(2).Select(e => e.Type));
        await api.ApproveGateAsync(execution.Id, "review", new GateDecisionRequest { Comment = "ok" }, Ct);

        // Resume after the last id seen: no gap, no repeat, to the terminal event.
        var rest = await ReadEventsAsync(api, contract, execution.Id, lastEventId: live[^1].Id, until: "execution_completed");
        var ids = live.Concat(rest).Select(e => e.Id).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
        Assert.Contains(rest, e => e.Type == "gate_approved");

        var done = await api.GetExecutionAsync(execution.Id, Ct);
        Assert.Equal(ExecutionStatus.Completed, done.Status);
        var completed = await api.ListExecutionsAsync(workflowId: workflow.Id, status: "completed", cancellationToken: Ct);
        Assert.Contains(completed.Items, e => e.Id == execution.Id);

        // Past the terminal event there is nothing to send: 204, so an EventSource stops reconnecting.
        var past = await Assert.ThrowsAsync<ApiException>(() => api.StreamEventsAsync(execution.Id, ids[^1], Ct));
        Assert.Equal(204, past.StatusCode);
    }

    /// <summary>An import with <c>Prefer: wait</c> (200 once done), polling the job when the 202 came back first.</summary>
    private static async Task<ImportResult> ImportAsync(MarketplaceApiClient api, Guid sourceId, ImportRequestBody body) =>
        await UntilAsync(await api.ImportEntriesAsync(sourceId, body, "wait=30", Ct), r => api.GetImportAsync(r.Id, Ct),
            r => r.Status is not ("pending" or "running" or "interrupted"));

    private static async Task<T> UntilAsync<T>(T now, Func<T, Task<T>> read, Func<T, bool> done)
    {
        while (!done(now))
        {
            await Task.Delay(50, Ct);
            now = await read(now);
        }

        return now;
    }

    private static Task<List<(long Id, string Type)>> ReadEventsAsync(
        MarketplaceApiClient api, OpenApiContract contract, Guid executionId, long? lastEventId, string until) =>
        ReadEventsAsync(contract, Events, () => api.StreamEventsAsync(executionId, lastEventId, Ct), until);

    private static async Task<List<(long Id, string Type)>> ReadEventsAsync(
        OpenApiContract contract, string path, Func<Task<FileResponse>> open, string until)
    {
        using var response = await open();
        Assert.Equal("text/event-stream", response.Headers["Content-Type"].Single().Split(';')[0]);
        var events = new List<(long, string)>();
        await foreach (var item in SseParser.Create(response.Stream, (_, data) => Encoding.UTF8.GetString(data)).EnumerateAsync(Ct))
        {
            var wrong = contract.CheckEvent(path, item.Data);
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
            events.Add((long.Parse(item.EventId!, System.Globalization.CultureInfo.InvariantCulture), item.EventType));
            if (item.EventType == until)
            {
                return events;
            }
        }

        Assert.Fail($"the stream ended before {until}: {string.Join(", ", events)}");
        return events;
    }
}
