using Growbin.Contracts;
using Growbin.Knowledge;
using Growbin.ServiceDefaults;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.State;
using Growbin.WasteApi;
using Growbin.WasteApi.Accounts;
using Growbin.WasteApi.Apis;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<WasteApiOptions>().BindConfiguration(WasteApiOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(KnowledgeBase.Default);
builder.Services.AddSingleton<WasteCategories>();
builder.Services.AddDailyQuota(ScanSubmissions.QuotaName, ScanSubmissions.DefaultDailyScans);
builder.Services.AddUserKeyIndex(IdempotencyKeys.IndexName,
    sp => sp.GetRequiredService<IOptions<WasteApiOptions>>().Value.IdempotencyTtl, IdempotencyKeys.MaxEntries);
builder.Services.AddSingleton<ScanSubmissions>();
builder.Services.AddSingleton<AccountPurge>();
builder.Services.AddSingleton<ScanStatusReader>();
builder.Services.AddScanPipelineClient();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapWasteApi();
app.MapEventsApi();

app.Run();
