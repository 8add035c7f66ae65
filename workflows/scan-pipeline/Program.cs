using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ScanPipeline;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<ScanPipelineOptions>().BindConfiguration(ScanPipelineOptions.SectionName);
builder.Services.AddOptions<InFlightIndexOptions>().BindConfiguration(InFlightIndexOptions.SectionName);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<IScanMetrics, ScanMetrics>();
builder.Services.AddSingleton<InFlightScanIndex>();
builder.Services.AddSingleton<ScanOutcomes>();
builder.Services.AddSingleton<ScanStates>();
builder.Services.AddDaprWorkflow(o =>
{
    o.RegisterWorkflow<ScanWorkflow>(ScanRequest.WorkflowName);
    o.RegisterActivity<FinishScan>();
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInFlightScans();
app.MapScanWorkflowEndpoints(); // waste-api starts and reads scans from another namespace

app.Run();
