using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ImageUploader;
using Growbin.ImageUploader.Apis;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddImageUploader();
builder.Services.AddDaprWorkflow(o => o.RegisterActivity<UploadActivity>(Activities.Upload));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapUploadsEndpoints();

app.Run();
