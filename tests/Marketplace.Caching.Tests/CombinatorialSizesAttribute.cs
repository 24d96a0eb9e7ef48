using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

namespace Marketplace.Caching.Tests;

/// <summary>Sizes 0, 128, 1 KiB and 16 KiB × every sequence shape × sync and async, as dotnet/extensions' suite runs them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CombinatorialSizesAttribute : DataAttribute
{
    private static readonly int[] Sizes = [0, 128, 1024, 16 * 1024];
    private static readonly bool[] Modes = [false, true];

    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(
            [.. from size in Sizes
                from kind in Enum.GetValues<TestSequences.Kind>()
                from async in Modes
                select new TheoryDataRow(size, kind, async)]);

    public override bool SupportsDiscoveryEnumeration() => true;
}
