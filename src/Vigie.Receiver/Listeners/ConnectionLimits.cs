namespace Vigie.Receiver.Listeners;

/// <summary>
/// Counts open DC-09 TCP connections, in total and per remote address, against the configured caps: one host
/// cannot take every connection, nor all hosts together more than the station can hold.
/// </summary>
public sealed class ConnectionLimits(ReceiverOptions options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Null when the connection may stay (it is then counted until <see cref="Leave"/>), else why not.</summary>
    public string? TryEnter(string address)
    {
        lock (_lock)
        {
            if (_total >= options.MaxTcpConnections)
            {
                return "total-cap";
            }
            var open = _byAddress.GetValueOrDefault(address);
            if (open >= options.MaxTcpConnectionsPerAddress)
            {
                return "address-cap";
            }
            _byAddress[address] = open + 1;
            _total++;
            return null;
        }
    }

    public void Leave(string address)
    {
        lock (_lock)
        {
            _total--;
            if (_byAddress.TryGetValue(address, out var open) && open > 1)
            {
                _byAddress[address] = open - 1;
            }
            else
            {
                _byAddress.Remove(address);
            }
        }
    }
}
