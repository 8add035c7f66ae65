using Growbin.ServiceDefaults;

// Command-line modes (the collection-point importer, services/location/README.md), not the web app.
if (args is ["import", ..] or ["synthesize", ..])
{
    Environment.ExitCode = await Growbin.Location.Import.ImportCommand.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();

app.Run();
