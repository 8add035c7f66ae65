using System.Reflection;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;

namespace Growbin.Consistency.Tests;

/// <summary>
/// Every event has a consumer, and every consumer's queue is declared up front (k8s/base/data/rabbitmq-topology.yaml)
/// exactly as the sidecar's pubsub.rabbitmq declares it, or RabbitMQ would refuse the sidecar's declare
/// (PRECONDITION_FAILED). The subscriptions are read from each app's <c>GET /dapr/subscribe</c>, as its sidecar reads
/// them; the declare arguments follow components-contrib pubsub/rabbitmq/rabbitmq.go prepareSubscription and
/// metadata.go (defaults: durable true, deletedWhenUnused true, exchangeKind fanout) from components/pubsub.yaml.
/// </summary>
public sealed class QueueTopologyTests
{
    private static readonly Lazy<Task<List<SidecarSubscription>>> AllSubscriptions = new(ReadSubscriptionsAsync);

    [Fact]
    public async Task Every_topic_has_a_subscriber()
    {
        var subscribed = (await AllSubscriptions.Value).Select(s => s.Topic).ToHashSet();

        // A topic nobody subscribes to is a fanout exchange with no queue: RabbitMQ drops every message on it.
        foreach (var topic in TopicNames())
        {
            subscribed.Should().Contain(topic, $"something must consume {topic}, or it must not be published");
        }
    }

    [Fact]
    public async Task Every_subscription_dead_letters_to_a_topic_with_a_subscriber_except_the_dead_letter_subscription_itself()
    {
        var subscriptions = await AllSubscriptions.Value;
        var subscribed = subscriptions.Select(s => s.Topic).ToHashSet();

        foreach (var subscription in subscriptions)
        {
            if (subscription.Topic == Topics.DeadLetter)
            {
                subscription.DeadLetterTopic.Should().BeNull("dead letters must never be published back to their own topic");
                subscription.RawPayload.Should().BeTrue("the dead-letter store keeps the original message as the broker held it");
                continue;
            }

            subscription.DeadLetterTopic.Should().Be(Topics.DeadLetter, subscription.QueueName);
            subscribed.Should().Contain(subscription.DeadLetterTopic!);
        }

        subscriptions.Where(s => s.Topic == Topics.DeadLetter).Select(s => s.AppId).Should().Equal(AppIds.TaskScheduler);
    }

    [Fact]
    public async Task Every_subscriptions_queue_is_declared_up_front_with_the_sidecars_exact_arguments()
    {
        var subscriptions = await AllSubscriptions.Value;
        var topology = Topology();
        var pubsub = PubSubMetadata();
        var durable = Flag(pubsub, "durable", defaultValue: true);
        var autoDelete = Flag(pubsub, "deletedWhenUnused", defaultValue: true);
        var deadLetter = Flag(pubsub, "enableDeadLetter", defaultValue: false);
        var kind = pubsub.GetValueOrDefault("exchangeKind") ?? "fanout";
        pubsub.Should().NotContainKeys(["maxLen", "maxLenBytes", "ttlInSeconds"], "the expected arguments below do not add x-max-length*");
        durable.Should().BeTrue();
        autoDelete.Should().BeFalse("a queue must outlive its consumer, or events published while it is away are lost");

        foreach (var subscription in subscriptions)
        {
            var queue = subscription.QueueName;
            var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["x-queue-type"] = "classic" };
            if (deadLetter)
            {
                expected["x-dead-letter-exchange"] = $"dlx-{queue}";
            }

            AssertQueue(topology, queue, durable, autoDelete, expected);
            AssertExchange(topology, subscription.Topic, kind, durable, autoDelete);
            AssertBinding(topology, subscription.Topic, queue);
            if (deadLetter)
            {
                // The dead-letter exchange is always durable; its queue is durable and lazy (rabbitmq.go prepareSubscription).
                AssertExchange(topology, $"dlx-{queue}", "fanout", durable: true, autoDelete);
                AssertQueue(topology, $"dlq-{queue}", durable: true, autoDelete, new Dictionary<string, string> { ["x-queue-mode"] = "lazy" });
                AssertBinding(topology, $"dlx-{queue}", $"dlq-{queue}");
            }
        }
    }

    [Fact]
    public async Task The_topology_declares_no_queue_that_no_subscription_consumes()
    {
        var queues = (await AllSubscriptions.Value).Select(s => s.QueueName).ToList();
        var declared = Topology().GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();

        declared.Where(q => !q.StartsWith("dlq-", StringComparison.Ordinal))
            .Should().BeEquivalentTo(queues, "a queue nobody consumes fills up forever");
        declared.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_kubernetes_pubsub_components_declare_what_the_local_one_does()
    {
        var local = PubSubMetadata();
        var kubernetes = Repository.Read("k8s", "base", "dapr", "components-api.yaml") + "\n---\n" + Repository.Read("k8s", "base", "dapr", "components-workers.yaml");
        foreach (var key in new[] { "durable", "deletedWhenUnused", "enableDeadLetter", "exchangeKind", "maxLen", "maxLenBytes" })
        {
            foreach (var block in kubernetes.Split("\n---\n").Where(b => b.Contains("type: pubsub.rabbitmq", StringComparison.Ordinal)))
            {
                var value = System.Text.RegularExpressions.Regex.Match(block, $@"- name: {key}\s*\n\s*value: ""?(?<v>[^""\n]*)""?");
                (value.Success ? value.Groups["v"].Value : null).Should().Be(local.GetValueOrDefault(key), $"k8s pubsub {key}");
            }
        }
    }

    private static void AssertQueue(JsonElement topology, string name, bool durable, bool autoDelete, Dictionary<string, string> arguments)
    {
        var queue = Named(topology, "queues", name);
        queue.GetProperty("vhost").GetString().Should().Be("/", name);
        queue.GetProperty("durable").GetBoolean().Should().Be(durable, name);
        queue.GetProperty("auto_delete").GetBoolean().Should().Be(autoDelete, name);
        queue.GetProperty("arguments").EnumerateObject().ToDictionary(a => a.Name, a => a.Value.GetString()!)
            .Should().BeEquivalentTo(arguments, $"{name}'s arguments must be exactly the sidecar's");
    }

    private static void AssertExchange(JsonElement topology, string name, string kind, bool durable, bool autoDelete)
    {
        var exchange = Named(topology, "exchanges", name);
        exchange.GetProperty("type").GetString().Should().Be(kind, name);
        exchange.GetProperty("durable").GetBoolean().Should().Be(durable, name);
        exchange.GetProperty("auto_delete").GetBoolean().Should().Be(autoDelete, name);
        exchange.GetProperty("internal").GetBoolean().Should().BeFalse(name);
        exchange.GetProperty("arguments").EnumerateObject().Should().BeEmpty(name);
    }

    private static void AssertBinding(JsonElement topology, string source, string queue)
    {
        topology.GetProperty("bindings").EnumerateArray().Should().ContainSingle(
            b => b.GetProperty("source").GetString() == source && b.GetProperty("destination").GetString() == queue
                && b.GetProperty("destination_type").GetString() == "queue" && b.GetProperty("routing_key").GetString() == "",
            $"{queue} is bound to {source}");
    }

    private static JsonElement Named(JsonElement topology, string kind, string name)
    {
        var matches = topology.GetProperty(kind).EnumerateArray().Where(o => o.GetProperty("name").GetString() == name).ToList();
        matches.Should().ContainSingle($"k8s/base/data/rabbitmq-topology.yaml declares {kind} {name}");
        return matches[0];
    }

    private static JsonElement Topology()
    {
        var configMap = Repository.Read("k8s", "base", "data", "rabbitmq-topology.yaml").Split("\n---\n")[0];
        var document = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(configMap);
        return JsonDocument.Parse(document.Map("data").Text("topology.json")!).RootElement.Clone();
    }

    private static Dictionary<string, string?> PubSubMetadata() =>
        Repository.ReadYaml("components", "pubsub.yaml").Map("spec").List("metadata").Maps()
            .Where(m => m.ContainsKey("value"))
            .ToDictionary(m => m.Text("name")!, m => m.Text("value"));

    private static bool Flag(Dictionary<string, string?> metadata, string key, bool defaultValue) =>
        metadata.TryGetValue(key, out var value) ? bool.Parse(value!) : defaultValue;

    private static IEnumerable<string> TopicNames() =>
        typeof(Topics).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    private static async Task<List<SidecarSubscription>> ReadSubscriptionsAsync()
    {
        var subscriptions = new List<SidecarSubscription>();
        foreach (var appId in AppIds.All)
        {
            using var dapr = new InMemoryDaprClient();
            await using var host = AppHosts.Start(appId, dapr, out var client);
            dapr.RegisterApp(appId, client);
            subscriptions.AddRange(await dapr.SubscribeAppAsync(appId));
        }

        subscriptions.Should().NotBeEmpty();
        return subscriptions;
    }
}
