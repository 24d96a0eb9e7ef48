using Microsoft.Extensions.Hosting;

namespace Marketplace.Data;

/// <summary>The folder relative paths in configuration resolve under: the host's content root, else the working directory.</summary>
public sealed class ContentRoot(IHostEnvironment? environment = null)
{
    public string Path { get; } = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
}
