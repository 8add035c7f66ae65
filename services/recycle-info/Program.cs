using Growbin.Knowledge;
using Growbin.RecycleInfo;
using Growbin.RecycleInfo.Schedules;
using Growbin.ServiceDefaults;
using Growbin.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<ItemMatcher>();
builder.Services.AddSingleton<RecycleCatalog>();
builder.Services.AddSingleton<ItemSearch>();
// Collection schedules live in PostgreSQL (growbin-db); a database that does not answer is a 503.
builder.Services.AddSingleton<ScheduleStore>();
builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapRecycleApi();
app.MapScheduleApi();

app.Run();
