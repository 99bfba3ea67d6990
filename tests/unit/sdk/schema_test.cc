// Schemas: names, predefined schemas, SchemaBuilder rules, logical types and
// ConnectSchema.validateValue's messages.

#include "kconnect/data/schema.h"

#include <gtest/gtest.h>

#include "kconnect/data/struct.h"
#include "kconnect/errors.h"
#include "tests/unit/sdk/expect_message.h"

namespace kconnect {
namespace {

using testing::MessageOf;

TEST(SchemaTypeTest, Names) {
  EXPECT_STREQ(SchemaTypeName(SchemaType::kInt8), "int8");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kInt16), "int16");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kInt32), "int32");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kInt64), "int64");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kFloat32), "float32");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kFloat64), "float64");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kBoolean), "boolean");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kString), "string");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kBytes), "bytes");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kArray), "array");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kMap), "map");
  EXPECT_STREQ(SchemaTypeName(SchemaType::kStruct), "struct");
  EXPECT_STREQ(SchemaTypeEnumName(SchemaType::kInt32), "INT32");
  EXPECT_STREQ(SchemaTypeEnumName(SchemaType::kFloat64), "FLOAT64");
  EXPECT_STREQ(SchemaTypeEnumName(SchemaType::kBoolean), "BOOLEAN");
  EXPECT_STREQ(SchemaTypeEnumName(SchemaType::kStruct), "STRUCT");
  EXPECT_TRUE(IsPrimitive(SchemaType::kBytes));
  EXPECT_FALSE(IsPrimitive(SchemaType::kArray));
  EXPECT_FALSE(IsPrimitive(SchemaType::kMap));
  EXPECT_FALSE(IsPrimitive(SchemaType::kStruct));
}

TEST(SchemaTest, PredefinedSchemas) {
  EXPECT_EQ(Schema::Int32()->Type(), SchemaType::kInt32);
  EXPECT_FALSE(Schema::Int32()->IsOptional());
  EXPECT_TRUE(Schema::OptionalInt32()->IsOptional());
  EXPECT_EQ(Schema::BytesSchema()->Type(), SchemaType::kBytes);
  EXPECT_EQ(Schema::OptionalString()->Type(), SchemaType::kString);
  EXPECT_FALSE(Schema::String()->Name().has_value());
  EXPECT_TRUE(Schema::String()->DefaultValue().IsNull());
  // One shared instance per predefined schema.
  EXPECT_EQ(Schema::Int64().get(), Schema::Int64().get());
  EXPECT_EQ(*Schema::Int8(), *SchemaBuilder::Int8().Build());
  EXPECT_FALSE(*Schema::Int8() == *Schema::OptionalInt8());
}

TEST(SchemaTest, ToStringAsJava) {
  EXPECT_EQ(Schema::Int32()->ToString(), "Schema{INT32}");
  EXPECT_EQ(logical::DecimalSchema(2)->ToString(),
            "Schema{org.apache.kafka.connect.data.Decimal:BYTES}");
}

TEST(SchemaBuilderTest, BuildsAllAttributes) {
  auto s = SchemaBuilder::String()
               .Optional()
               .DefaultValue("dflt")
               .Name("com.example.Name")
               .Version(3)
               .Doc("a doc")
               .Parameter("b", "2")
               .Parameter("a", "1")
               .Parameter("b", "3")
               .Build();
  EXPECT_EQ(s->Type(), SchemaType::kString);
  EXPECT_TRUE(s->IsOptional());
  EXPECT_EQ(s->DefaultValue(), Value("dflt"));
  EXPECT_EQ(s->Name(), "com.example.Name");
  EXPECT_EQ(s->Version(), 3);
  EXPECT_EQ(s->Doc(), "a doc");
  // Insertion order is kept; a repeated key replaces the value in place.
  ASSERT_EQ(s->Parameters().size(), 2u);
  EXPECT_EQ(s->Parameters()[0], (std::pair<std::string, std::string>("b", "3")));
  EXPECT_EQ(s->Parameters()[1], (std::pair<std::string, std::string>("a", "1")));
  ASSERT_NE(s->Parameter("a"), nullptr);
  EXPECT_EQ(*s->Parameter("a"), "1");
  EXPECT_EQ(s->Parameter("zz"), nullptr);
}

TEST(SchemaBuilderTest, EachSetterOnlyOnce) {
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Name("a").Name("b"); }),
            "Invalid SchemaBuilder call: name has already been set.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Version(1).Version(2); }),
            "Invalid SchemaBuilder call: version has already been set.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Doc("a").Doc("b"); }),
            "Invalid SchemaBuilder call: doc has already been set.");
  EXPECT_EQ(MessageOf<DataException>(
                [] { SchemaBuilder::Int32().DefaultValue(int32_t{1}).DefaultValue(int32_t{2}); }),
            "Invalid SchemaBuilder call: default has already been set.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Optional().Required(); }),
            "Invalid SchemaBuilder call: optional has already been set.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Required().Optional(); }),
            "Invalid SchemaBuilder call: optional has already been set.");
  // Setting the same optionality twice is allowed, as in Java.
  EXPECT_TRUE(SchemaBuilder::Int32().Optional().Optional().Build()->IsOptional());
}

TEST(SchemaBuilderTest, DefaultValueIsValidatedWhenSet) {
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().DefaultValue("x"); }),
            "Invalid default value: Invalid Java object for schema with type INT32: std::string "
            "for value");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().DefaultValue(Value()); }),
            "Invalid default value: Invalid value: null used for required value, schema type: "
            "INT32");
  EXPECT_TRUE(
      SchemaBuilder::Int32().Optional().DefaultValue(Value()).Build()->DefaultValue().IsNull());
  EXPECT_EQ(SchemaBuilder::Int64().DefaultValue(int64_t{7}).Build()->DefaultValue(),
            Value(int64_t{7}));
}

TEST(SchemaBuilderTest, StructFields) {
  auto s = SchemaBuilder::Struct()
               .Field("id", Schema::Int64())
               .Field("name", Schema::OptionalString())
               .Build();
  ASSERT_EQ(s->Fields().size(), 2u);
  EXPECT_EQ(s->Fields()[0].name, "id");
  EXPECT_EQ(s->Fields()[0].index, 0);
  EXPECT_EQ(s->Fields()[1].name, "name");
  EXPECT_EQ(s->Fields()[1].index, 1);
  ASSERT_NE(s->FieldByName("name"), nullptr);
  EXPECT_EQ(s->FieldByName("name")->schema, Schema::OptionalString());
  EXPECT_EQ(s->FieldByName("missing"), nullptr);
  EXPECT_EQ(Schema::Int32()->FieldByName("x"), nullptr);

  EXPECT_EQ(MessageOf<DataException>([] {
              SchemaBuilder::Struct().Field("a", Schema::Int8()).Field("a", Schema::Int8());
            }),
            "Cannot create field because of field name duplication a");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Int32().Field("a", Schema::Int8()); }),
            "Cannot create fields on type INT32");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Struct().Field("a", nullptr); }),
            "fieldSchema for field a cannot be null.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Struct().Field("", Schema::Int8()); }),
            "fieldName cannot be null.");
}

TEST(SchemaBuilderTest, ArrayAndMap) {
  auto arr = SchemaBuilder::Array(Schema::String()).Build();
  EXPECT_EQ(arr->Type(), SchemaType::kArray);
  EXPECT_EQ(arr->ValueSchema(), Schema::String());
  auto map = SchemaBuilder::Map(Schema::String(), Schema::Int32()).Optional().Build();
  EXPECT_EQ(map->Type(), SchemaType::kMap);
  EXPECT_EQ(map->KeySchema(), Schema::String());
  EXPECT_EQ(map->ValueSchema(), Schema::Int32());
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Array(nullptr); }),
            "valueSchema cannot be null.");
  EXPECT_EQ(MessageOf<DataException>([] { SchemaBuilder::Map(nullptr, Schema::Int32()); }),
            "keySchema cannot be null.");
}

TEST(SchemaBuilderTest, CopiesAreIndependentAndBuildSnapshots) {
  SchemaBuilder base = SchemaBuilder::Struct();
  base.Field("a", Schema::Int32());
  SchemaBuilder copy = base;
  copy.Field("b", Schema::Int32()).Name("copy");
  auto from_base = base.Build();
  auto from_copy = copy.Build();
  EXPECT_EQ(from_base->Fields().size(), 1u);
  EXPECT_FALSE(from_base->Name().has_value());
  EXPECT_EQ(from_copy->Fields().size(), 2u);

  // Building does not freeze the builder, and earlier results do not change.
  base.Field("c", Schema::Int32());
  EXPECT_EQ(from_base->Fields().size(), 1u);
  EXPECT_EQ(base.Build()->Fields().size(), 2u);
}

TEST(SchemaTest, EqualityIsDeep) {
  auto make = [](const char* doc) {
    return SchemaBuilder::Struct()
        .Field("m", SchemaBuilder::Map(Schema::String(), Schema::Int32()).Build())
        .Doc(doc)
        .Parameter("x", "1")
        .Parameter("y", "2")
        .Build();
  };
  EXPECT_EQ(*make("d"), *make("d"));
  EXPECT_FALSE(*make("d") == *make("e"));
  // Parameters compare as a map.
  auto p1 = SchemaBuilder::String().Parameter("a", "1").Parameter("b", "2").Build();
  auto p2 = SchemaBuilder::String().Parameter("b", "2").Parameter("a", "1").Build();
  EXPECT_EQ(*p1, *p2);
  EXPECT_FALSE(*SchemaBuilder::Array(Schema::Int32()).Build() ==
               *SchemaBuilder::Array(Schema::Int64()).Build());
}

TEST(LogicalTypesTest, SchemasMatchJava) {
  auto dec = logical::DecimalSchema(2);
  EXPECT_EQ(dec->Type(), SchemaType::kBytes);
  EXPECT_EQ(dec->Name(), "org.apache.kafka.connect.data.Decimal");
  EXPECT_EQ(dec->Version(), 1);
  ASSERT_EQ(dec->Parameters().size(), 1u);
  EXPECT_EQ(dec->Parameters()[0], (std::pair<std::string, std::string>("scale", "2")));
  EXPECT_FALSE(dec->IsOptional());
  EXPECT_TRUE(logical::DecimalBuilder(0).Optional().Build()->IsOptional());

  EXPECT_EQ(logical::DateSchema()->Type(), SchemaType::kInt32);
  EXPECT_EQ(logical::DateSchema()->Name(), "org.apache.kafka.connect.data.Date");
  EXPECT_EQ(logical::DateSchema()->Version(), 1);
  EXPECT_EQ(logical::TimeSchema()->Type(), SchemaType::kInt32);
  EXPECT_EQ(logical::TimeSchema()->Name(), "org.apache.kafka.connect.data.Time");
  EXPECT_EQ(logical::TimeSchema()->Version(), 1);
  EXPECT_EQ(logical::TimestampSchema()->Type(), SchemaType::kInt64);
  EXPECT_EQ(logical::TimestampSchema()->Name(), "org.apache.kafka.connect.data.Timestamp");
  EXPECT_EQ(logical::TimestampSchema()->Version(), 1);
}

std::string ValidationError(const SchemaPtr& schema, const Value& value,
                            const std::string& field = "") {
  return MessageOf<DataException>([&] { Schema::ValidateValue(schema, value, field); });
}

TEST(ValidateValueTest, AcceptsMatchingValues) {
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Int8(), int8_t{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Int16(), int16_t{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Int32(), int32_t{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Int64(), int64_t{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Float32(), 1.0f));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Float64(), 1.0));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::Boolean(), true));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::String(), "s"));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::BytesSchema(), Bytes{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(Schema::OptionalString(), Value()));
  EXPECT_NO_THROW(Schema::ValidateValue(logical::DecimalSchema(2), Decimal::FromUnscaled(1, 2)));
  EXPECT_NO_THROW(Schema::ValidateValue(logical::DateSchema(), EpochMillis{86400000}));
  EXPECT_NO_THROW(Schema::ValidateValue(logical::TimeSchema(), EpochMillis{1000}));
  EXPECT_NO_THROW(Schema::ValidateValue(logical::TimestampSchema(), EpochMillis{1}));
  EXPECT_NO_THROW(Schema::ValidateValue(nullptr, "anything: schemaless"));
}

TEST(ValidateValueTest, NullForRequired) {
  EXPECT_EQ(ValidationError(Schema::Int32(), Value(), "id"),
            "Invalid value: null used for required field: \"id\", schema type: INT32");
  EXPECT_EQ(ValidationError(Schema::String(), Value()),
            "Invalid value: null used for required value, schema type: STRING");
}

TEST(ValidateValueTest, WrongTypeNamesTheSchemaTypeAndTheValueType) {
  // No widening: an int32 is not an INT64 value, as in Java.
  EXPECT_EQ(ValidationError(Schema::Int64(), int32_t{1}, "n"),
            "Invalid Java object for schema with type INT64: int32_t for field: \"n\"");
  EXPECT_EQ(ValidationError(Schema::String(), true),
            "Invalid Java object for schema with type STRING: bool for value");
  EXPECT_EQ(ValidationError(Schema::Float32(), 1.0, "f"),
            "Invalid Java object for schema with type FLOAT32: double for field: \"f\"");
}

TEST(ValidateValueTest, LogicalTypesNeedTheirOwnRepresentation) {
  EXPECT_EQ(ValidationError(logical::DecimalSchema(2), Bytes{0x01}, "price"),
            "Invalid Java object for schema \"org.apache.kafka.connect.data.Decimal\" with type "
            "BYTES: kconnect::Bytes for field: \"price\"");
  EXPECT_EQ(ValidationError(logical::DateSchema(), int32_t{3}),
            "Invalid Java object for schema \"org.apache.kafka.connect.data.Date\" with type "
            "INT32: int32_t for value");
  EXPECT_EQ(ValidationError(logical::TimestampSchema(), int64_t{3}),
            "Invalid Java object for schema \"org.apache.kafka.connect.data.Timestamp\" with type "
            "INT64: int64_t for value");
  // A plain INT64 schema does not take EpochMillis.
  EXPECT_EQ(ValidationError(Schema::Int64(), EpochMillis{1}),
            "Invalid Java object for schema with type INT64: kconnect::EpochMillis for value");
}

TEST(ValidateValueTest, ContainersAreValidatedRecursively) {
  auto arr = SchemaBuilder::Array(Schema::Int32()).Build();
  EXPECT_NO_THROW(Schema::ValidateValue(arr, Value::Array{int32_t{1}, int32_t{2}}));
  EXPECT_EQ(ValidationError(arr, Value::Array{int32_t{1}, Value()}, "xs"),
            "Invalid value: null used for required element of array field: \"xs\", schema type: "
            "INT32");
  EXPECT_EQ(ValidationError(arr, Value::Array{"a"}),
            "Invalid Java object for schema with type INT32: std::string for element of array "
            "value");

  auto map = SchemaBuilder::Map(Schema::String(), Schema::OptionalInt64()).Build();
  EXPECT_NO_THROW(Schema::ValidateValue(map, Value::Map{{"a", int64_t{1}}, {"b", Value()}}));
  EXPECT_EQ(ValidationError(map, Value::Map{{int32_t{1}, int64_t{1}}}),
            "Invalid Java object for schema with type STRING: int32_t for key of map value");
  EXPECT_EQ(ValidationError(map, Value::Map{{"a", "b"}}, "m"),
            "Invalid Java object for schema with type INT64: std::string for value of map "
            "field: \"m\"");

  auto nested = SchemaBuilder::Array(SchemaBuilder::Array(Schema::Boolean()).Build()).Build();
  EXPECT_EQ(ValidationError(nested, Value::Array{Value::Array{true, "x"}}),
            "Invalid Java object for schema with type BOOLEAN: std::string for element of array "
            "element of array value");
}

TEST(ValidateValueTest, Structs) {
  auto schema = SchemaBuilder::Struct().Field("a", Schema::Int32()).Build();
  auto other = SchemaBuilder::Struct().Field("b", Schema::Int32()).Build();
  auto s = MakeStruct(schema);
  s->Put("a", int32_t{1});
  EXPECT_NO_THROW(Schema::ValidateValue(schema, s));
  // Same content, different instance: accepted.
  EXPECT_NO_THROW(
      Schema::ValidateValue(SchemaBuilder::Struct().Field("a", Schema::Int32()).Build(), s));
  EXPECT_EQ(ValidationError(other, s), "Struct schemas do not match.");
  // The struct itself must be complete.
  auto incomplete = MakeStruct(schema);
  EXPECT_EQ(ValidationError(schema, incomplete),
            "Invalid value: null used for required field: \"a\", schema type: INT32");
  EXPECT_EQ(ValidationError(Schema::String(), s),
            "Invalid Java object for schema with type STRING: kconnect::Struct for value");
}

}  // namespace
}  // namespace kconnect
