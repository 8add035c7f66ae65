namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// The columns of 전국생활쓰레기배출정보표준데이터 as published. Files name them in any order and may add others
/// (ignored); a file without one of <see cref="Required"/> is refused before anything is written.
/// </summary>
public static class ScheduleColumns
{
    public const string Sido = "시도명";
    public const string Sigungu = "시군구명";
    public const string AreaName = "관리구역명";
    public const string TargetAreas = "관리구역대상지역명";
    public const string PlaceType = "배출장소유형";
    public const string Place = "배출장소";
    public const string GeneralMethod = "생활쓰레기배출방법";
    public const string FoodMethod = "음식물쓰레기배출방법";
    public const string RecyclableMethod = "재활용품배출방법";
    public const string BulkyMethod = "일시적다량폐기물배출방법";
    public const string BulkyPlace = "일시적다량폐기물배출장소";
    public const string GeneralDays = "생활쓰레기배출요일";
    public const string FoodDays = "음식물쓰레기배출요일";
    public const string RecyclableDays = "재활용품배출요일";
    public const string GeneralStart = "생활쓰레기배출시작시각";
    public const string GeneralEnd = "생활쓰레기배출종료시각";
    public const string FoodStart = "음식물쓰레기배출시작시각";
    public const string FoodEnd = "음식물쓰레기배출종료시각";
    public const string RecyclableStart = "재활용품배출시작시각";
    public const string RecyclableEnd = "재활용품배출종료시각";
    public const string NonCollection = "미수거일";
    public const string Department = "관리부서명";
    public const string DepartmentPhone = "관리부서전화번호";
    public const string DataDate = "데이터기준일자";

    /// <summary>What the schedule is: where, which days and times, the exceptions, and as of when.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        Sido, Sigungu, AreaName, TargetAreas, GeneralDays, FoodDays, RecyclableDays, GeneralStart, GeneralEnd,
        FoodStart, FoodEnd, RecyclableStart, RecyclableEnd, NonCollection, DataDate,
    ];

    /// <summary>Descriptions kept when present (null when the file lacks the column).</summary>
    public static IReadOnlyList<string> Optional { get; } =
        [PlaceType, Place, GeneralMethod, FoodMethod, RecyclableMethod, BulkyMethod, BulkyPlace, Department, DepartmentPhone];

    /// <summary>The 24 columns in the order the standard publishes them (what the synthetic samples use).</summary>
    public static IReadOnlyList<string> Published { get; } =
    [
        Sido, Sigungu, AreaName, TargetAreas, PlaceType, Place, GeneralMethod, FoodMethod, RecyclableMethod,
        BulkyMethod, BulkyPlace, GeneralDays, FoodDays, RecyclableDays, GeneralStart, GeneralEnd, FoodStart, FoodEnd,
        RecyclableStart, RecyclableEnd, NonCollection, Department, DepartmentPhone, DataDate,
    ];
}
