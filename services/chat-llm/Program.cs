using Growbin.ChatLlm;
using Growbin.ChatLlm.Apis;
using Growbin.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddChatLlm();

var app = builder.Build();
// A client that stops answering pings (gone without a close) is dropped within a minute, freeing its stream slot.
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
app.MapDefaultEndpoints();
app.MapConversationsApi();
app.MapChatApi();
app.MapChatSocketApi();
app.MapEventsApi();

app.Run();
