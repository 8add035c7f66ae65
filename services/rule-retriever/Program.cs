using Growbin.Knowledge;
using Growbin.RuleRetriever;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<ItemMatcher>();
builder.Services.AddSingleton<RuleResolver>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRulesActivity();

app.Run();
