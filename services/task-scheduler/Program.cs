using Growbin.ServiceDefaults;
using Growbin.TaskScheduler;
using Growbin.TaskScheduler.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddTaskScheduler();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapSchedulerTick();
app.MapDeadLetters();

app.Run();
