namespace Marketplace.Data;

/// <summary>Names this process in leases (imports, workflow executions): host, process id and a random part.</summary>
public static class ProcessIdentity
{
    public static readonly string Id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
}
