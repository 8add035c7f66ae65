using Growbin.Auth;
using Growbin.Auth.Apis;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAuthServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapEventsApi();
app.MapLoginApi();

app.Run();
