using Growbin.Location;
using Growbin.Location.Apis;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddLocationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLocationsApi();

app.Run();
