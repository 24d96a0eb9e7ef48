using System.Security.Cryptography;
using System.Text;
using Marketplace.Data;
using Marketplace.Data.Model;
using Marketplace.Data.WriteUnits;
using Marketplace.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Workflows.Management;

/// <summary>Workflow definitions: validated on the way in, stored with their hash and their stages' plan.</summary>
public sealed class WorkflowService(IDbContextFactory<MarketplaceDbContext> contexts, IWriteUnitRunner writes,
    WorkflowParser parser, TimeProvider time)
{
    public async Task<WorkflowInfo> CreateAsync(string? yaml, CancellationToken cancellationToken)
    {
        var definition = parser.Parse(yaml);
        var now = time.GetUtcNow();
        var workflow = new Workflow
        {
            Id = Guid.CreateVersion7(now),
            Name = definition.Name,
            Version = definition.Version,
            Definition = yaml!,
            DefinitionHash = Hash(yaml!),
            CreatedAt = now,
            UpdatedAt = now,
        };
        workflow.Stages.AddRange(Stages(workflow.Id, definition));
        await writes.RunAsync(async (db, ct) =>
        {
            await EnsureNameFreeAsync(db, definition.Name, except: null, ct);
            db.Workflows.Add(workflow);
        }, cancellationToken);
        return Info(workflow, definition);
    }

    public async Task<WorkflowInfo> ReplaceAsync(Guid id, string? yaml, CancellationToken cancellationToken)
    {
        var definition = parser.Parse(yaml);
        var workflow = await writes.RunAsync(async (db, ct) =>
        {
            var stored = await db.Workflows.Include(w => w.Stages).FirstOrDefaultAsync(w => w.Id == id, ct)
                ?? throw new NotFoundException("Workflow", id);
            await EnsureNameFreeAsync(db, definition.Name, except: id, ct);
            stored.Name = definition.Name;
            stored.Version = definition.Version;
            stored.Definition = yaml!;
            stored.DefinitionHash = Hash(yaml!);
            stored.UpdatedAt = time.GetUtcNow();
            db.WorkflowStages.RemoveRange(stored.Stages);
            db.WorkflowStages.AddRange(Stages(id, definition));
            return stored;
        }, cancellationToken);
        return Info(workflow, definition);
    }

    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        // Executions keep their snapshot; the foreign key only clears their link.
        var deleted = await writes.RunAsync((db, ct) => db.Workflows.Where(w => w.Id == id).ExecuteDeleteAsync(ct), cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException("Workflow", id);
        }
    }

    public async Task<WorkflowInfo> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workflow = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken)
            ?? throw new NotFoundException("Workflow", id);
        return Info(workflow, parser.Parse(workflow.Definition));
    }

    public async Task<(IReadOnlyList<WorkflowInfo> Items, int Total)> ListAsync(int skip, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.Workflows.CountAsync(cancellationToken);
        var workflows = await db.Workflows.AsNoTracking().OrderBy(w => w.Name).Skip(skip).Take(limit).ToListAsync(cancellationToken);
        return ([.. workflows.Select(w => Info(w, parser.Parse(w.Definition)))], total);
    }

    internal static string Hash(string yaml) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));

    private static async Task EnsureNameFreeAsync(MarketplaceDbContext db, string name, Guid? except, CancellationToken cancellationToken)
    {
        if (await db.Workflows.AnyAsync(w => w.Name == name && w.Id != except, cancellationToken))
        {
            throw new ConflictException($"A workflow named '{name}' already exists.");
        }
    }

    private static IEnumerable<WorkflowStage> Stages(Guid workflowId, WorkflowDefinition definition) =>
        definition.Stages.Select((s, i) => new WorkflowStage
        {
            WorkflowId = workflowId,
            StageId = s.Id,
            Name = s.Name,
            Type = s.Type,
            Position = i,
            Level = s.Level,
            DependsOn = [.. s.DependsOn],
        });

    private static WorkflowInfo Info(Workflow workflow, WorkflowDefinition definition) => new(
        workflow.Id, workflow.Name, workflow.Version, workflow.DefinitionHash, workflow.Status, workflow.CreatedAt,
            workflow.UpdatedAt, workflow.Definition,
        [.. definition.Stages.Select(s => new StageInfo(s.Id, s.Name, s.Type, s.DependsOn, s.Level))],
        definition.Levels());
}
