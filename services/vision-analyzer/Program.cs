using Growbin.Ai.Budget;
using Growbin.ServiceDefaults;
using Growbin.VisionAnalyzer;
using Growbin.VisionAnalyzer.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVisionAnalyzer();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapActorsHandlers();
app.MapAiBudgetEndpoints();
app.MapAnalyzeActivity();

app.Run();
