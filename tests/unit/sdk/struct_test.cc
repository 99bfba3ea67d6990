// Struct: put/get with validation, defaults, validate(), Java toString and
// equality.

#include "kconnect/data/struct.h"

#include <gtest/gtest.h>

#include "kconnect/errors.h"
#include "tests/unit/sdk/expect_message.h"

namespace kconnect {
namespace {

using testing::MessageOf;

SchemaPtr PersonSchema() {
  return SchemaBuilder::Struct()
      .Name("com.example.Person")
      .Field("id", Schema::Int64())
      .Field("name", Schema::OptionalString())
      .Field("age", SchemaBuilder::Int32().DefaultValue(int32_t{18}).Build())
      .Field("tags", SchemaBuilder::Array(Schema::String()).Optional().Build())
      .Build();
}

TEST(StructTest, PutAndGet) {
  Struct s(PersonSchema());
  s.Put("id", int64_t{7}).Put("name", "Ada");
  EXPECT_EQ(s.Get("id"), Value(int64_t{7}));
  EXPECT_EQ(s.Get("name"), Value("Ada"));
  EXPECT_EQ(s.Get(*s.GetSchema()->FieldByName("id")), Value(int64_t{7}));
  s.Put(*s.GetSchema()->FieldByName("name"), Value());
  EXPECT_TRUE(s.Get("name").IsNull());
}

TEST(StructTest, GetFallsBackToTheFieldDefault) {
  Struct s(PersonSchema());
  EXPECT_EQ(s.Get("age"), Value(int32_t{18}));
  EXPECT_TRUE(s.GetWithoutDefault("age").IsNull());
  s.Put("age", int32_t{40});
  EXPECT_EQ(s.Get("age"), Value(int32_t{40}));
  EXPECT_EQ(s.GetWithoutDefault("age"), Value(int32_t{40}));
}

TEST(StructTest, PutValidatesTheValue) {
  Struct s(PersonSchema());
  EXPECT_EQ(MessageOf<DataException>([&] { s.Put("id", "seven"); }),
            "Invalid Java object for schema with type INT64: std::string for field: \"id\"");
  EXPECT_EQ(MessageOf<DataException>([&] { s.Put("id", Value()); }),
            "Invalid value: null used for required field: \"id\", schema type: INT64");
  EXPECT_EQ(MessageOf<DataException>([&] { s.Put("tags", Value::Array{int32_t{1}}); }),
            "Invalid Java object for schema with type STRING: int32_t for element of array "
            "field: \"tags\"");
  EXPECT_EQ(MessageOf<DataException>([&] { s.Put("nope", int32_t{1}); }),
            "nope is not a valid field name");
  EXPECT_EQ(MessageOf<DataException>([&] { (void)s.Get("nope"); }),
            "nope is not a valid field name");
  // A Field that belongs to another schema is refused rather than written into a wrong slot.
  Field foreign{"other", 1, Schema::OptionalString()};
  EXPECT_EQ(MessageOf<DataException>([&] { s.Put(foreign, "x"); }),
            "other is not a valid field name");
}

TEST(StructTest, ConstructorRequiresAStructSchema) {
  EXPECT_EQ(MessageOf<DataException>([] { Struct s(Schema::Int32()); }),
            "Not a struct schema: Schema{INT32}");
}

TEST(StructTest, ValidateChecksRequiredFieldsWithoutDefault) {
  Struct s(PersonSchema());
  EXPECT_EQ(MessageOf<DataException>([&] { s.Validate(); }),
            "Invalid value: null used for required field: \"id\", schema type: INT64");
  s.Put("id", int64_t{1});
  EXPECT_NO_THROW(s.Validate());  // age has a default, name and tags are optional
}

TEST(StructTest, ToStringOmitsNullFields) {
  Struct s(PersonSchema());
  EXPECT_EQ(s.ToString(), "Struct{}");
  s.Put("id", int64_t{1}).Put("tags", Value::Array{"a", "b"});
  EXPECT_EQ(s.ToString(), "Struct{id=1,tags=[a, b]}");
  s.Put("name", "Ada");
  EXPECT_EQ(s.ToString(), "Struct{id=1,name=Ada,tags=[a, b]}");

  auto outer_schema =
      SchemaBuilder::Struct().Field("inner", PersonSchema()).Field("d", Schema::Float64()).Build();
  auto inner = MakeStruct(PersonSchema());
  inner->Put("id", int64_t{2});
  Struct outer(outer_schema);
  outer.Put("inner", inner).Put("d", 1e7);
  EXPECT_EQ(outer.ToString(), "Struct{inner=Struct{id=2},d=1.0E7}");
}

TEST(StructTest, EqualityComparesSchemaAndValues) {
  Struct a(PersonSchema());
  Struct b(PersonSchema());
  EXPECT_EQ(a, b);
  a.Put("id", int64_t{1});
  EXPECT_FALSE(a == b);
  b.Put("id", int64_t{1});
  EXPECT_EQ(a, b);
  Struct c(SchemaBuilder::Struct().Field("id", Schema::Int64()).Build());
  c.Put("id", int64_t{1});
  EXPECT_FALSE(a == c);
}

}  // namespace
}  // namespace kconnect
