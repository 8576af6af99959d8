using System.CommandLine;
using Spectre.Console;
using Vigie.Protocols.Dc09;
using Vigie.Receiver;
using Vigie.Receiver.Accounts;

namespace Vigie.Cli.Commands;

/// <summary>`vigie accounts add|list|remove|import`: the registry a running station reloads within a second.</summary>
internal static class AccountsCommand
{
    public static Command Create() => new("accounts", "Manage the panel accounts and their keys.")
    {
        Add(),
        List(),
        Remove(),
        Import(),
    };

    private static Command Add()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var account = new Option<string>("--account") { Description = "Account number (# field).", Required = true };
        var receiver = new Option<string>("--receiver") { Description = "Receiver number (R field, hex); empty = any.", DefaultValueFactory = _ => "" };
        var line = new Option<string>("--line") { Description = "Line prefix (L field, hex); empty = any.", DefaultValueFactory = _ => "" };
        var key = new Option<string?>("--key") { Description = "AES key (16/24/32 characters, or 32/48/64 hex digits)." };
        var keyFormat = new Option<string>("--key-format") { Description = "How the key is written: ascii or hex.", DefaultValueFactory = _ => "ascii" };
        keyFormat.AcceptOnlyFromAmong("ascii", "hex");
        var site = new Option<string?>("--site") { Description = "Site reference this panel protects." };
        var clock = new Option<string?>("--panel-clock") { Description = "Time zone of a panel that keeps local time (e.g. Europe/Paris)." };
        var allowPlain = new Option<bool>("--allow-plain")
        {
            Description = "Accept plain (unencrypted) messages although the account has a key, for a panel that needs it. Off: they are refused (NAK).",
        };
        var command = new Command("add", "Add an account, or replace the one with the same account, receiver and line.")
        {
            data, postgres, account, receiver, line, key, keyFormat, site, clock, allowPlain,
        };
        command.SetAction(parse => Guard(() =>
        {
            var record = new AccountRecord
            {
                Account = parse.GetValue(account)!,
                Receiver = parse.GetValue(receiver)!,
                Line = parse.GetValue(line)!,
                Key = parse.GetValue(key),
                KeyFormat = AccountRecord.ParseKeyFormat(parse.GetValue(keyFormat)!),
                SiteReference = parse.GetValue(site),
                PanelClock = parse.GetValue(clock),
                AllowPlain = parse.GetValue(allowPlain),
            };
            Store(parse.GetValue(data)!, parse.GetValue(postgres)).Upsert(record);
            Console.WriteLine($"account {record.Account} saved");
        }));
        return command;
    }

    private static Command List()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("list", "List the accounts (keys are never printed).") { data, postgres };
        command.SetAction(parse => Guard(() =>
        {
            var (version, accounts) = Store(parse.GetValue(data)!, parse.GetValue(postgres)).Load();
            var table = new Table().AddColumns(CliText.Get("accounts.account"), CliText.Get("accounts.receiver"), CliText.Get("accounts.line"),
                CliText.Get("accounts.key"), CliText.Get("accounts.plain"), CliText.Get("accounts.site"), CliText.Get("accounts.clock"));
            foreach (var a in accounts)
            {
                table.AddRow(Markup.Escape(a.Account), Markup.Escape(a.Receiver), Markup.Escape(a.Line),
                    a.Key is null ? CliText.Get("accounts.noKey") : CliText.Format("accounts.keyBits", AccountRecord.KeyFormatName(a.KeyFormat), a.KeyFormat == Dc09KeyFormat.Hex ? a.Key.Length * 4 : a.Key.Length * 8),
                    CliText.Get(a.Key is null || a.AllowPlain ? "accounts.plainAccepted" : "accounts.plainRefused"),
                    Markup.Escape(a.SiteReference ?? ""), Markup.Escape(a.PanelClock ?? "UTC"));
            }
            AnsiConsole.Write(table);
            Console.WriteLine(CliText.Format("accounts.count", accounts.Count, version));
        }));
        return command;
    }

    private static Command Remove()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var account = new Option<string>("--account") { Required = true, Description = "Account number." };
        var receiver = new Option<string>("--receiver") { DefaultValueFactory = _ => "", Description = "Receiver of the registration." };
        var line = new Option<string>("--line") { DefaultValueFactory = _ => "", Description = "Line of the registration." };
        var command = new Command("remove", "Remove an account registration.") { data, postgres, account, receiver, line };
        command.SetAction(parse => Guard(() =>
        {
            var removed = Store(parse.GetValue(data)!, parse.GetValue(postgres)).Remove(parse.GetValue(account)!, parse.GetValue(receiver)!, parse.GetValue(line)!);
            if (!removed)
            {
                throw new InvalidOperationException($"no account {parse.GetValue(account)} with receiver '{parse.GetValue(receiver)}' and line '{parse.GetValue(line)}'");
            }
            Console.WriteLine($"account {parse.GetValue(account)} removed");
        }));
        return command;
    }

    private static Command Import()
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var file = new Argument<FileInfo>("file") { Description = "CSV with header account,receiver,line,key,key_format (optional: site,panel_clock,allow_plain)." };
        var command = new Command("import", "Add or replace many accounts from a CSV file, all or none.") { data, postgres, file };
        command.SetAction(parse => Guard(() =>
        {
            var path = parse.GetValue(file)!;
            var records = AccountCsv.Read(path.FullName);
            var count = Store(parse.GetValue(data)!, parse.GetValue(postgres)).UpsertMany(records);
            Console.WriteLine($"{count} accounts imported");
        }));
        return command;
    }

    private static IAccountRegistry Store(string data, string? postgres) => ReceiverStores.Accounts(data, SharedDatabase(data, postgres), TimeProvider.System);

    /// <summary>The flag's value, else the settings' Receiver:Postgres (vigie.json, VIGIE_Receiver__Postgres), else null (SQLite).</summary>
    internal static string? SharedDatabase(string data, string? flag) => CommonOptions.LoadReceiverOptions(data, flag).Postgres;

    /// <summary>Bad input ends with one clear line on stderr and exit code 1; nothing stored is changed.</summary>
    internal static int Guard(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException or AccountValidationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}

/// <summary>Reads the accounts CSV; every error names its line and field.</summary>
internal static class AccountCsv
{
    public static IReadOnlyList<AccountRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no such file: {path}");
        }
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new FormatException($"{path}: empty file, expected the header account,receiver,line,key,key_format");
        var columns = Split(header, 1).Select(c => c.Trim().ToLowerInvariant()).ToArray();
        int Column(string name) => Array.IndexOf(columns, name);
        var account = Column("account");
        if (account < 0)
        {
            throw new FormatException($"{path} line 1: no 'account' column (header must be account,receiver,line,key,key_format)");
        }
        var (receiver, line, key, keyFormat, site, clock) = (Column("receiver"), Column("line"), Column("key"), Column("key_format"), Column("site"), Column("panel_clock"));
        var allowPlain = Column("allow_plain");
        var records = new List<AccountRecord>();
        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var fields = Split(text, number);
            string? Field(int index) => index >= 0 && index < fields.Count && fields[index].Length > 0 ? fields[index] : null;
            AccountRecord record;
            try
            {
                record = new AccountRecord
                {
                    Account = Field(account) ?? throw new FormatException("account is empty"),
                    Receiver = Field(receiver) ?? "",
                    Line = Field(line) ?? "",
                    Key = Field(key),
                    KeyFormat = AccountRecord.ParseKeyFormat(Field(keyFormat) ?? "ascii"),
                    SiteReference = Field(site),
                    PanelClock = Field(clock),
                    AllowPlain = Field(allowPlain)?.Trim().ToLowerInvariant() switch
                    {
                        null or "false" or "0" or "no" => false,
                        "true" or "1" or "yes" => true,
                        var other => throw new FormatException($"allow_plain '{other}': true or false"),
                    },
                };
            }
            catch (FormatException error)
            {
                throw new FormatException($"{path} line {number}: {error.Message}");
            }
            var errors = record.Validate();
            if (errors.Count > 0)
            {
                throw new FormatException($"{path} line {number}: {string.Join("; ", errors)}");
            }
            records.Add(record);
        }
        return records;
    }

    /// <summary>Comma-separated fields; a field in double quotes may hold commas ("" for a quote).</summary>
    private static List<string> Split(string text, int lineNumber)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { current.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else { current.Append(c); }
        }
        if (quoted)
        {
            throw new FormatException($"line {lineNumber}: unclosed quote");
        }
        fields.Add(current.ToString());
        return fields;
    }
}
