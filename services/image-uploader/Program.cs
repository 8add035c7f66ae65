using Growbin.ImageUploader;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ImageNormalizer>();
builder.Services.AddSingleton<UploadMetrics>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapUploadActivity();

app.Run();
