using Growbin.Knowledge;
using Growbin.RecycleInfo;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<ItemMatcher>();
builder.Services.AddSingleton<RecycleCatalog>();
builder.Services.AddSingleton<ItemSearch>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRecycleApi();

app.Run();
