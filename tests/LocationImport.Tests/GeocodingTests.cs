using Growbin.Contracts;
using Growbin.Location.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Kakao;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class GeocodingTests(ImportDatabase fixture)
{
    private static readonly FakeKakaoAddress[] Addresses =
    [
        new("서울특별시 서대문구 연희로 100", "서울특별시 서대문구 연희동 100-1", 37.566812, 126.931544),
        new(null, "서울특별시 서대문구 연희동 200-5", 37.570133, 126.933301),
        new("서울특별시 서대문구 가재울로 50", null, 37.576105, 126.915023),
    ];

    private static string MedicineFile => Samples.File("medicine-boxes.csv");

    private static string MedicineMapping => Samples.Mapping("medicine-boxes.json");

    [Fact]
    public async Task Rows_without_coordinates_land_where_Kakao_says_with_one_call_per_distinct_address()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(Addresses);
        var source = Samples.NewSource("medicine");

        var report = await rig.ImportAsync(MedicineFile, source, MedicineMapping);

        report.Skipped.Should().BeEmpty();
        report.Inserted.Should().Be(4);
        report.Geocoded.Should().Be(4);
        // Rows 1 and 2 share an address (one call); row 3's road address is unknown, its lot address is found (two).
        rig.Kakao.CallCount.Should().Be(4);
        report.KakaoCalls.Should().Be(4);
        rig.Kakao.Requests.Should().OnlyContain(r => r.Endpoint == "address" && r.Status == 200);
        rig.Kakao.Requests.Select(r => r.Query["query"]).Should().Equal(
            "서울특별시 서대문구 연희로 100", "서울특별시 서대문구 없는길 999", "서울특별시 서대문구 연희동 200-5",
            "서울특별시 서대문구 가재울로 50");
        rig.Kakao.Requests[0].PathAndQuery.Should().StartWith("/v2/local/search/address.json?query=%EC%84%9C%EC%9A%B8");

        var points = await rig.PointsAsync(source);
        points["초록약국|서울특별시 서대문구 연희로 100"].Should().BeEquivalentTo(new
        {
            Kind = "medicine",
            Latitude = 37.566812,
            Longitude = 126.931544,
            OpeningHours = "평일 09:00-19:00",
            Detail = "약국",
            District = "서대문구",
        });
        points["새봄약국|서울특별시 서대문구 연희로 100"].Latitude.Should().Be(37.566812);
        points["서대문구 보건소|서울특별시 서대문구 없는길 999"].Should().BeEquivalentTo(new
        {
            Latitude = 37.570133,
            Longitude = 126.933301,
            Address = "서울특별시 서대문구 없는길 999",
        });
    }

    [Fact]
    public async Task An_address_Kakao_cannot_find_skips_its_row_with_the_reason()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(Addresses[0], Addresses[2]);
        var source = Samples.NewSource("medicine");

        var report = await rig.ImportAsync(MedicineFile, source, MedicineMapping);

        report.Inserted.Should().Be(3);
        report.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedRow(4, "서대문구 보건소|서울특별시 서대문구 없는길 999",
            "Kakao found no place for the address '서울특별시 서대문구 없는길 999' or '서울특별시 서대문구 연희동 200-5'"));
    }

    [Fact]
    public async Task After_three_refused_keys_in_a_row_the_import_stops_asking_Kakao_and_still_finishes()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database, kakaoAuthorization: "KakaoAK replace-with-your-kakao-rest-api-key");
        rig.Kakao.AddAddress(Addresses);
        var source = Samples.NewSource("medicine");

        var run = await rig.RunAsync("import", MedicineFile, "--source", source, "--mapping", MedicineMapping);

        run.ExitCode.Should().Be(ImportCommand.Processed);
        rig.Kakao.CallCount.Should().Be(3);
        rig.Kakao.Requests.Should().OnlyContain(r => r.Status == 401);
        run.Output.Should().Contain("skipped:       4");
        run.Output.Should().Contain("line 2 (초록약국|서울특별시 서대문구 연희로 100): Kakao refused the API key (401)");
        run.Output.Should().Contain("line 5 (북가좌1동 행정복지센터|서울특별시 서대문구 가재울로 50): not geocoded: Kakao refused the API key 3 times in a row");
        (await rig.PointsAsync(source)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_rate_limited_or_failing_Kakao_answer_skips_only_that_row()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(Addresses);
        rig.Kakao.FailNext(FakeKakaoFailure.RateLimited).FailNext(FakeKakaoFailure.ServerError).FailNext(FakeKakaoFailure.MalformedJson);
        var source = Samples.NewSource("medicine");

        var report = await rig.ImportAsync(MedicineFile, source, MedicineMapping);

        report.Skipped.Select(s => s.Line).Should().Equal(2, 3, 4);
        report.Skipped[0].Reason.Should().Be("Kakao's rate limit was reached (429)");
        report.Skipped[1].Reason.Should().Be("Kakao address search answered 500");
        report.Skipped[2].Reason.Should().StartWith("Kakao address search answered unreadable JSON");
        report.Inserted.Should().Be(1);
        rig.Kakao.CallCount.Should().Be(4, "failures are not cached: row 2 asks again for row 1's address");
        (await rig.PointsAsync(source)).Keys.Should().Equal("북가좌1동 행정복지센터|서울특별시 서대문구 가재울로 50");
    }

    [Fact]
    public async Task A_Kakao_answer_that_does_not_come_in_time_skips_the_row()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(Addresses);
        rig.Kakao.FailNext(FakeKakaoFailure.Slow);
        var source = Samples.NewSource("medicine");

        var report = await rig.ImportAsync(MedicineFile, source, MedicineMapping, kakaoTimeout: TimeSpan.FromMilliseconds(300));

        report.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedRow(2, "초록약국|서울특별시 서대문구 연희로 100",
            "Kakao address search did not answer within 0.3 s"));
        report.Inserted.Should().Be(3);
    }

    [Fact]
    public async Task After_three_binding_errors_in_a_row_the_import_stops_asking_Kakao()
    {
        using var dapr = new InMemoryDaprClient(); // growbin-db only: every kakao-local call is a sidecar error
        fixture.Database.AttachTo(dapr);
        var importer = new PointImporter(new KakaoAddressGeocoder(dapr), new CollectionPointWriter(new PostgresBinding(dapr)));

        var report = await importer.ImportAsync(new ImportOptions(MedicineFile, Samples.NewSource("medicine"), MedicineMapping));

        dapr.BindingInvocations.Count(i => i.BindingName == DaprComponents.KakaoLocal).Should().Be(3);
        report.Skipped.Select(s => s.Line).Should().Equal(2, 3, 4, 5);
        report.Skipped[0].Reason.Should().StartWith("Kakao address search failed: ")
            .And.Contain("couldn't find output binding kakao-local");
        report.Skipped[3].Reason.Should().Be(
            "not geocoded: the kakao-local binding failed 3 times in a row, so the import stopped asking");
    }
}
