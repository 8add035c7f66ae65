using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ResponseGenerator;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddResponseGenerator();
builder.Services.AddDaprWorkflow(o => o.RegisterActivity<RespondActivity>(Activities.Respond));

var app = builder.Build();
app.MapDefaultEndpoints();

app.Run();
