using Growbin.ImageUploader;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddImageUploader();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapUploadActivity();

app.Run();
