using NodaTime;

namespace Vigie.Storage;

/// <summary>
/// Walks a stream's stored rows in version order and stops at the first that breaks the chain; the same walk for
/// every implementation of the log, so a tampered row reads the same wherever it is stored.
/// </summary>
internal sealed class ChainCheck(string stream)
{
    private long _expected = 1;
    private string _previous = EventChain.GenesisHash;
    private long _examined;

    /// <summary>Set once a row breaks the chain; the walk stops there.</summary>
    public ChainVerification? Broken { get; private set; }

    public ChainVerification Result => Broken ?? new ChainVerification(stream, _examined, true, null, null);

    /// <summary>Takes the next stored row; false once the chain is broken (the caller stops reading).</summary>
    public bool Next(long version, string type, string data, string actor, Instant at, string previousHash, string hash)
    {
        _examined++;
        if (version != _expected)
        {
            return Break(_expected, version > _expected
                ? $"version {_expected} is missing (the next stored is {version})"
                : $"version {version} found where {_expected} was expected");
        }
        if (!string.Equals(previousHash, _previous, StringComparison.Ordinal))
        {
            return Break(version, version == 1
                ? "its previous hash is not the start of a chain"
                : $"its previous hash is not the hash of version {version - 1}");
        }
        var computed = EventChain.ComputeHash(_previous, stream, version, type, actor, at, data);
        if (!string.Equals(hash, computed, StringComparison.Ordinal))
        {
            return Break(version, "its hash does not match its content");
        }
        _previous = computed;
        _expected++;
        return true;
    }

    private bool Break(long version, string problem)
    {
        Broken = new ChainVerification(stream, _examined, false, version, $"version {version}: {problem}");
        return false;
    }
}
