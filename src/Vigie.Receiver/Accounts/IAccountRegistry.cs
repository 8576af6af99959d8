namespace Vigie.Receiver.Accounts;

/// <summary>
/// The panel account registry: in the station's SQLite file (<see cref="AccountStore"/>) or in the PostgreSQL database a
/// cluster shares (<see cref="PostgresAccountStore"/>). Every change bumps a version number running receivers watch;
/// keys are stored encrypted with the station's key ring.
/// </summary>
public interface IAccountRegistry
{
    void Upsert(AccountRecord record) => UpsertMany([record]);

    /// <summary>Adds or replaces accounts in one transaction: all of them are valid, or none is written.</summary>
    int UpsertMany(IReadOnlyList<AccountRecord> records);

    bool Remove(string account, string receiver = "", string line = "");

    (long Version, IReadOnlyList<AccountRecord> Accounts) Load();

    /// <summary>The registry's change counter: cheap enough to read every second.</summary>
    long CurrentVersion();

    /// <summary>Encrypts keys stored in clear by an older version; returns how many.</summary>
    int ProtectPlaintextKeys();

    /// <summary>Refuses the whole list, naming the first wrong account, before anything is written.</summary>
    internal static void ValidateAll(IReadOnlyList<AccountRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var errors = records[i].Validate();
            if (errors.Count > 0)
            {
                throw new AccountValidationException(i, records[i].Account, errors);
            }
        }
    }
}
