using Marketplace.Data.Model;

namespace Marketplace.Catalog.Importing;

/// <summary>What every batch of one import shares.</summary>
internal sealed record ImportContext(Guid JobId, MarketplaceSource Source, ConflictStrategy Strategy, TimeSpan LeaseDuration);
