using System.CommandLine;
using Vigie.Cli;
using Vigie.Cli.Commands;

var root = new RootCommand("Vigie: the alarm receiving station (SIA DC-09 receiver, engine, incidents, simulator).")
{
    ServeCommand.Create(),
    DemoCommand.Create(),
    AccountsCommand.Create(),
    JournalCommand.Create(),
    SimulateCommand.Create(),
    PhoneCommand.Create(),
    IncidentCommand.Create(),
    BenchCommand.Create(),
    StaffCommand.Create(),
    OpenApiCommand.Create(),
    SubscriberCommand.Create(),
    DbCommand.Create(),
    CameraCommand.Create(),
};
var language = CliText.LanguageOption();
root.Options.Add(language);
var parsed = root.Parse(args);
if (CliText.Choose(parsed.GetValue(language), Environment.GetEnvironmentVariable(CliText.Variable)) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}");
    return 1;
}
return await parsed.InvokeAsync();
