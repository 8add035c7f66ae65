using Growbin.Knowledge;

namespace Growbin.RecycleInfo.Tests;

public sealed class CategoryEndpointTests(RecycleInfoHost api) : IClassFixture<RecycleInfoHost>
{
    [Fact]
    public async Task Every_category_is_listed_with_where_it_goes_and_its_item_count()
    {
        var json = await api.GetJsonAsync("/api/v1/recycle/categories");

        var categories = json.GetProperty("categories").EnumerateArray().ToList();
        categories.Select(c => c.GetProperty("id").GetString()).Should().Equal(KnowledgeBase.Default.Categories.Select(c => c.Id));
        categories.Sum(c => c.GetProperty("itemCount").GetInt32()).Should().Be(KnowledgeBase.Default.Items.Count);
        categories.Should().OnlyContain(c => c.GetProperty("where").GetString()!.Length > 0 && c.GetProperty("howTo").GetArrayLength() > 0);
        json.GetProperty("datasetVersion").GetString().Should().Be(KnowledgeBase.Default.Version);
    }

    [Fact]
    public async Task Reads_need_no_token()
    {
        var response = await api.Client.GetAsync("/api/v1/recycle/categories");

        response.IsSuccessStatusCode.Should().BeTrue();
        response.Headers.ETag.Should().NotBeNull();
    }
}
