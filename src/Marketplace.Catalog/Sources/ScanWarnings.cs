using Marketplace.Catalog.Entries;

namespace Marketplace.Catalog.Sources;

/// <summary>A scan's warnings, the first <see cref="MaxShown"/> kept and the rest counted into one last warning.</summary>
internal sealed class ScanWarnings
{
    public const int MaxShown = 200;
    private readonly List<ScanWarning> _warnings = [];
    private int _dropped;

    public void Add(string path, string message)
    {
        if (_warnings.Count < MaxShown)
        {
            _warnings.Add(new ScanWarning(path, message));
        }
        else
        {
            _dropped++;
        }
    }

    public IReadOnlyList<ScanWarning> List =>
        _dropped == 0 ? _warnings : [.. _warnings, new ScanWarning("", $"{_dropped} more warnings not shown.")];
}
