using Growbin.ChatLlm;
using Growbin.ChatLlm.Apis;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddChatLlm();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapConversationsApi();
app.MapChatApi();

app.Run();
