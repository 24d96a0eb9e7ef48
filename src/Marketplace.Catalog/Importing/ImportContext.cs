using Marketplace.Data.Jobs;
using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>
/// What every batch of one run of an import shares: the job, its source and strategy, the runner's lease (every write is
/// fenced by it) and the keeper that renews it between writes.
/// </summary>
internal sealed record ImportContext(Guid JobId, MarketplaceSource Source, ConflictStrategy Strategy, Lease Lease, LeaseKeeper Keeper);
