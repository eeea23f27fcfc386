# A stand-in for the db module: its outputs are what the test reads.
variable "size" {
  type    = string
  default = "small"
}

output "address" {
  value = "db.internal"
}
