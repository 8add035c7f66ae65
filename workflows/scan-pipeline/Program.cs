using Growbin.Contracts.Pipeline;
using Growbin.ScanPipeline;
using Growbin.ServiceDefaults;
using Growbin.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<ScanPipelineOptions>().BindConfiguration(ScanPipelineOptions.SectionName);
builder.Services.AddSingleton<IWorkflowObserver, ScanMetrics>();
builder.Services.AddSingleton<InFlightScanIndex>();
builder.Services.AddSingleton<IWorkflowInstanceIndex>(sp => sp.GetRequiredService<InFlightScanIndex>());
builder.Services.AddWorkflows(o =>
{
    o.RegisterWorkflow<ScanWorkflow>(ScanRequest.WorkflowName);
    o.RegisterActivity<PublishScanCompleted>();
    o.RegisterActivity<PublishScanFailed>();
});

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapActorsHandlers();
app.MapInFlightScans();
app.MapWorkflowEndpoints(); // waste-api starts and reads scans from another namespace

app.Run();
