using System.CommandLine;
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
};
return await root.Parse(args).InvokeAsync();
