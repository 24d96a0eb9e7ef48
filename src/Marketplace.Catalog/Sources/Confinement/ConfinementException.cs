namespace Marketplace.Catalog.Sources.Confinement;

/// <summary>Why a step of a confined walk was refused; <see cref="SourceTree"/> turns it into a message naming the path.</summary>
internal enum ConfinementFailure
{
    Missing,
    Link,
    NotAFolder,
    NotAFile,
}

/// <summary>A step of a confined walk was refused (see <see cref="ConfinementFailure"/>).</summary>
internal sealed class ConfinementException(ConfinementFailure failure) : Exception(failure.ToString())
{
    public ConfinementFailure Failure { get; } = failure;
}
