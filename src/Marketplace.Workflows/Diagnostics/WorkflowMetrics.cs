using System.Diagnostics.Metrics;
using Marketplace.Data.Model;

namespace Marketplace.Workflows.Diagnostics;

/// <summary>The <c>Marketplace.Workflows</c> meter: step outcomes, finished executions, transition latency, maintenance.</summary>
public sealed class WorkflowMetrics
{
    public const string MeterName = "Marketplace.Workflows";

    private readonly Counter<long> _steps;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _transitions;
    private readonly Counter<long> _checkpoints;
    private readonly Counter<long> _retentionDeleted;
    private readonly Counter<long> _maintenanceFailures;

    public WorkflowMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _steps = meter.CreateCounter<long>("marketplace.workflow.steps", description: "Steps finished, by outcome.");
        _executions = meter.CreateCounter<long>("marketplace.workflow.executions", description: "Executions finished, by status.");
        _transitions = meter.CreateHistogram<double>("marketplace.workflow.transition.duration", "ms",
            "Time to commit one execution or step transition (gate wait, lock and commit).");
        _checkpoints = meter.CreateCounter<long>("marketplace.maintenance.checkpoints",
            description: "WAL checkpoints run by maintenance because the WAL passed its size limit.");
        _retentionDeleted = meter.CreateCounter<long>("marketplace.maintenance.deleted",
            description: "Rows removed by retention, by kind.");
        _maintenanceFailures = meter.CreateCounter<long>("marketplace.maintenance.failures",
            description: "Maintenance iterations that failed (logged; the loop goes on).");
    }

    public void StepFinished(StepStatus status) => _steps.Add(1, new KeyValuePair<string, object?>("outcome", WireName.Of(status)));

    public void ExecutionFinished(ExecutionStatus status) =>
        _executions.Add(1, new KeyValuePair<string, object?>("status", WireName.Of(status)));

    public void Transition(TimeSpan duration) => _transitions.Record(duration.TotalMilliseconds);

    public void Checkpointed() => _checkpoints.Add(1);

    public void RetentionDeleted(string kind, int count) => _retentionDeleted.Add(count, new KeyValuePair<string, object?>("kind", kind));

    public void MaintenanceFailed() => _maintenanceFailures.Add(1);
}
