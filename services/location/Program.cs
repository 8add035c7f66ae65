using Growbin.Location;
using Growbin.Location.Apis;
using Growbin.ServiceDefaults;

// Command-line modes (the collection-point importer, services/location/README.md), not the web app.
if (args is ["import", ..] or ["synthesize", ..])
{
    Environment.ExitCode = await Growbin.Location.Import.ImportCommand.RunAsync(args);
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLocationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLocationsApi();
app.MapEventsApi();

app.Run();
