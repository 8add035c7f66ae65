using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ScanPipeline;
using Growbin.ServiceDefaults;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<ScanPipelineOptions>().BindConfiguration(ScanPipelineOptions.SectionName);
builder.Services.AddOptions<InFlightIndexOptions>().BindConfiguration(InFlightIndexOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IScanMetrics, ScanMetrics>();
builder.Services.AddSingleton<InFlightScanIndex>();
builder.Services.AddSingleton<ScanOutcomes>();
builder.Services.AddSingleton<ScanStates>();
builder.Services.AddUserKeyIndex(UserScans.IndexName, sp => UserScans.EntryTtl(
    sp.GetRequiredService<IOptions<ScanPipelineOptions>>().Value, sp.GetRequiredService<IOptions<InFlightIndexOptions>>().Value), UserScans.MaxEntries);
builder.Services.AddSingleton<ScanPurge>();
builder.Services.AddDaprWorkflow(o =>
{
    o.RegisterWorkflow<ScanWorkflow>(ScanRequest.WorkflowName);
    o.RegisterActivity<FinishScan>();
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInFlightScans();
app.MapScanWorkflowEndpoints(); // waste-api starts and reads scans from another namespace
app.MapEventsApi();

app.Run();
