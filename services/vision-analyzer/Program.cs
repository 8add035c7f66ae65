using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.Ai.Budget;
using Growbin.ServiceDefaults;
using Growbin.VisionAnalyzer;
using Growbin.VisionAnalyzer.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVisionAnalyzer();
builder.Services.AddDaprWorkflow(o => o.RegisterActivity<AnalyzeActivity>(Activities.Analyze));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapActorsHandlers();
app.MapAiBudgetEndpoints();

app.Run();
