namespace Marketplace.Data.Model;

/// <summary>How far a marketplace source is trusted.</summary>
public enum TrustLevel
{
    Untrusted,
    Community,
    Verified,
    Official
}
