using Growbin.ServiceDefaults;
using Growbin.UserInfo;
using Growbin.UserInfo.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddUserInfoServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapUsersApi();
app.MapHistoryApi();
app.MapEventsApi();
app.MapRegionsApi();

app.Run();
