using Growbin.ResponseGenerator;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddResponseGenerator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRespondActivity();

app.Run();
