using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.RuleRetriever;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<ItemMatcher>();
builder.Services.AddSingleton<RuleResolver>();
builder.Services.AddDaprWorkflow(o => o.RegisterActivity<RulesActivity>(Activities.Rules));

var app = builder.Build();
app.MapDefaultEndpoints();

app.Run();
