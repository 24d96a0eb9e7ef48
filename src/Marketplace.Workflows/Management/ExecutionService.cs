using System.Text.Json.Nodes;
using Marketplace.Data;
using Marketplace.Data.Jobs;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Definitions;
using Marketplace.Workflows.Engine;
using Marketplace.Workflows.Engine.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows.Management;

/// <summary>
/// Starting executions and reading them and their events. Control (pause, gates, …) is in <see cref="ExecutionControl"/>.
/// </summary>
public sealed class ExecutionService(
    IDbContextFactory<MarketplaceDbContext> contexts,
    IWriteUnitRunner writes,
    DefinitionCache definitions,
    JobSignals signals,
    IOptions<WorkflowLimits> limits,
    TimeProvider time)
{
    public async Task<ExecutionInfo> StartAsync(Guid workflowId, JsonObject? parameters, string trigger,
        CancellationToken cancellationToken)
    {
        Workflow workflow;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken)
                ?? throw new NotFoundException("Workflow", workflowId);
        }

        if (workflow.Status != WorkflowStatus.Active)
        {
            throw new ConflictException($"Workflow '{workflow.Name}' is disabled.");
        }

        var definition = definitions.Get(workflow.DefinitionHash, workflow.Definition);
        var resolved = ParameterValues.Resolve(definition, parameters, limits.Value);
        var now = time.GetUtcNow();
        var execution = new WorkflowExecution
        {
            Id = Guid.CreateVersion7(now),
            WorkflowId = workflow.Id,
            WorkflowName = workflow.Name,
            WorkflowVersion = workflow.Version,
            Definition = workflow.Definition,
            DefinitionHash = workflow.DefinitionHash,
            Trigger = trigger,
            Parameters = resolved.ToJsonString(),
            CreatedAt = now,
        };
        execution.Steps.AddRange(definition.Stages.Select(s => new ExecutionStep { Id = Guid.CreateVersion7(now),
            ExecutionId = execution.Id, StageId = s.Id }));
        await writes.RunAsync(async (db, ct) =>
        {
            db.WorkflowExecutions.Add(execution);
            var data = new JsonObject { ["workflow"] = workflow.Name, ["trigger"] = trigger };
            await ExecutionEvents.AppendAsync(db, execution.Id, now, ct, new NewExecutionEvent(ExecutionEvents.Created, null, data));
        }, cancellationToken);
        signals.EventsAppended(execution.Id);
        signals.WorkAvailable();
        return Info(execution, definition, withSteps: true);
    }

    public async Task<ExecutionInfo> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var execution = await db.WorkflowExecutions.AsNoTracking().Include(e => e.Steps).FirstOrDefaultAsync(e => e.Id == id,
            cancellationToken)
            ?? throw new NotFoundException("Execution", id);
        return Info(execution, Parse(execution), withSteps: true);
    }

    public async Task<(IReadOnlyList<ExecutionInfo> Items, int Total)> ListAsync(Guid? workflowId, ExecutionStatus? status,
        int skip, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowExecutions.AsNoTracking();
        if (workflowId is { } w)
        {
            query = query.Where(e => e.WorkflowId == w);
        }

        if (status is { } s)
        {
            query = query.Where(e => e.Status == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var executions = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(skip).Take(limit)
            .ToListAsync(cancellationToken);
        return ([.. executions.Select(e => Info(e, Parse(e), withSteps: false))], total);
    }

    /// <summary>Events after <paramref name="afterSequence"/> in order, or 404 for an unknown execution.</summary>
    public async Task<IReadOnlyList<ExecutionEventInfo>> EventsAsync(Guid id, int afterSequence, int limit,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var events = await db.ExecutionEvents.AsNoTracking().Where(e => e.ExecutionId == id && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence).Take(limit).ToListAsync(cancellationToken);
        if (events.Count == 0 && !await db.WorkflowExecutions.AnyAsync(e => e.Id == id, cancellationToken))
        {
            throw new NotFoundException("Execution", id);
        }

        return [.. events.Select(e => new ExecutionEventInfo(e.Sequence, e.Type, e.StageId, StoredJson.Read(e.Data), e.At))];
    }

    /// <summary>Whether the execution has ended (no event will follow its terminal one); 404 when unknown.</summary>
    public async Task<bool> IsFinishedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var status = await db.WorkflowExecutions.AsNoTracking().Where(e => e.Id == id).Select(e => (ExecutionStatus?)e.Status)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Execution", id);
        return Transitions.Executions.IsFinal(status);
    }

    /// <summary>
    /// Completes when events of the execution are appended in this process; callers also poll for other processes.
    /// Take it before reading and dispose it after waiting.
    /// </summary>
    public SignalWait NextEvents(Guid id) => signals.NextEvents(id);

    // A snapshot that no longer parses here (say, a custom stage type this process lacks) is still shown, without a plan.
    private WorkflowDefinition? Parse(WorkflowExecution execution)
    {
        try
        {
            return definitions.Get(execution.DefinitionHash, execution.Definition);
        }
        catch (RequestValidationException)
        {
            return null;
        }
    }

    private static ExecutionInfo Info(WorkflowExecution e, WorkflowDefinition? definition, bool withSteps)
    {
        var order = definition?.Stages.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal) ?? [];
        var steps = withSteps
            ? e.Steps.OrderBy(s => order.GetValueOrDefault(s.StageId, int.MaxValue)).Select(s =>
            {
                var stage = definition?.Stages.FirstOrDefault(d => d.Id == s.StageId);
                return new StepInfo(s.StageId, stage?.Name ?? s.StageId, stage?.Type ?? "", stage?.Level ?? 0, s.Status, s.Attempt,
                    s.StartedAt, s.FinishedAt,
                    StoredJson.Read(s.Inputs), StoredJson.Read(s.Outputs), s.Error);
            }).ToList()
            : [];
        return new ExecutionInfo(e.Id, e.WorkflowId, e.WorkflowName, e.WorkflowVersion, e.DefinitionHash, e.Status, e.Trigger,
            StoredJson.Read(e.Parameters), e.LeaseOwner, e.LeaseExpiresAt, e.CreatedAt, e.StartedAt, e.FinishedAt, e.Error,
            definition?.Levels() ?? [], steps);
    }
}
