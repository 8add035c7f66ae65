using Growbin.Contracts;
using Growbin.Knowledge;
using Growbin.ServiceDefaults;
using Growbin.WasteApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<WasteApiOptions>().BindConfiguration(WasteApiOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<WasteCategories>();
builder.Services.AddSingleton<ScanSubmissions>();
builder.Services.AddSingleton<ScanStatusReader>();
builder.Services.AddScanPipelineClient();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWasteApi();

app.Run();
