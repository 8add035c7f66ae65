using System.ClientModel;
using System.ClientModel.Primitives;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace Growbin.ChatLlm.Ai;

/// <summary>
/// The chat model's client, built as vision-analyzer builds its own (same options, same secret, no SDK retries).
/// A key found once is kept; a missing one is looked for again on the next message, so adding it needs no restart.
/// </summary>
public sealed class ChatModel(IOptions<OpenAiOptions> options, DaprClient dapr, ILogger<ChatModel> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChatClient? _client;

    public string Model => options.Value.Model;

    /// <summary>The client, or null when no API key is configured anywhere.</summary>
    public async Task<ChatClient?> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return _client;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var value = options.Value;
            var key = value.HasApiKey ? value.ApiKey : await ReadSecretKeyAsync(cancellationToken);
            return _client ??= string.IsNullOrWhiteSpace(key) ? null : Create(value, key);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ChatClient Create(OpenAiOptions value, string key)
    {
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = value.Timeout,
        };
        if (value.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        return new ChatClient(value.Model, new ApiKeyCredential(key), clientOptions);
    }

    private async Task<string?> ReadSecretKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await dapr.GetSecretAsync(DaprComponents.SecretStore, OpenAiOptions.ApiKeySecretName, cancellationToken: cancellationToken);
            return secret.GetValueOrDefault(OpenAiOptions.ApiKeySecretName);
        }
        catch (DaprException ex) when (ex.InnerException?.Message.Contains("not found", StringComparison.OrdinalIgnoreCase) == true)
        {
            // No such secret: chat is unavailable (503), not broken. A sidecar failure still throws.
            logger.LogWarning("The secret store has no {Secret}; chat is unavailable until it does.", OpenAiOptions.ApiKeySecretName);
            return null;
        }
    }
}
